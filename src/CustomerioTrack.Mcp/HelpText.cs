namespace CustomerioTrack.Mcp;

/// <summary>--help for each command.</summary>
internal static class HelpText
{
    private const string Configuration = """
        Configuration (environment variables; options override):
          CUSTOMERIO_SITE_ID      --site-id ID       the workspace's Site ID
          CUSTOMERIO_API_KEY      (no option)        the Track API key (not an App API key). There is deliberately no
                                                     --api-key: arguments are visible in process listings and shell history.
          CUSTOMERIO_REGION       --region us|eu     when unset, detected once through getRegion and cached
          CUSTOMERIO_TRACK_URL    --track-url URL    base URL override (e.g. a local stub); no region detection then
          CUSTOMERIO_MCP_CALL_TIMEOUT (no option)    seconds a tool call may take (default 55, under MCP clients' usual
                                                     60 s; 0 for no limit); a call that runs out says what was sent
        Without credentials the server still starts and lists its tools; a call returns an error naming the variable to set.

        Sandbox (no Customer.io account needed; nothing leaves the machine):
          --sandbox                  serve or call against the built-in local emulator (SQLite) instead of Customer.io
          --data PATH                the sandbox database file (default under the user's local application data)

        Safety:
          --dry-run                  validate and return the request that would be sent (Authorization redacted); send nothing
          --tools A,B,...            expose only these tools. The default set is 17 tools; ReportPushMetrics (deprecated)
                                     is off by default: name it here to expose it, e.g. --tools ReportPushMetrics
          --all-tools                expose the default set and ReportPushMetrics (18 tools)
          --exclude-tools A,B,...    hide these tools
          --no-destructive           hide the destructive tools (deletes, suppress, merge, unsubscribe, entity, batch, ...)

        """;

    public static string For(CliOptions options) => options.Command switch
    {
        "tools" => """
            Usage: customerio-track-mcp tools [--tools A,B | --all-tools] [--exclude-tools A,B] [--no-destructive]

            Prints a table of the exposed tools: name, title, annotations and parameters
            (`*` marks a required parameter; tools with `mode` take a JSON request_body).

            """,
        "schema" => """
            Usage: customerio-track-mcp schema <TOOL>

            Prints the tool's request body JSON Schema (2020-12), the same document that `execute` validates against,
            or says that the tool has no request body and which parameters it takes.

            """,
        "call" => """
            Usage: customerio-track-mcp call <TOOL> [--<parameter> VALUE ...] [--request-body JSON|@FILE|@-] [--mode MODE] [options]

            Calls one tool and prints its result as JSON. Parameter names are the tool's (e.g. --person_identifier;
            --person-identifier works too). For tools with a request body, `call` implies --mode execute;
            --mode get_request_schema prints the schema instead. A boolean parameter given without a value is true.

            Exit codes: 0 success, 1 the tool or the API reported an error (the JSON says what), 2 bad usage.
            Ctrl+C (or SIGTERM) stops the call: a batch split into several requests still prints which items were
            accepted, which may or may not have been processed and which were not sent (exit 1).

            Example:
              CUSTOMERIO_SITE_ID=... CUSTOMERIO_API_KEY=... customerio-track-mcp call UpdateOrAddPerson \
                --person_identifier ann@example.com --request-body '{"email":"ann@example.com","plan":"pro"}'

            """ + Configuration,
        // The sandbox's own usage, under this command's name.
        "sandbox" => "Usage: customerio-track-mcp sandbox <command> [options]\n" + CustomerioTrack.Sandbox.SandboxCli.Usage[(CustomerioTrack.Sandbox.SandboxCli.Usage.IndexOf('\n', StringComparison.Ordinal) + 1)..] + "\n\n",
        _ => $"""
            customerio-track-mcp {TrackMcpServer.Version}: the Customer.io Track API as 17 MCP tools.

            Usage:
              customerio-track-mcp [options]                          MCP server on stdio (the default)
              customerio-track-mcp --http [--port N] [--host H]       MCP server on Streamable HTTP at http://H:N/mcp
              customerio-track-mcp tools                              table of tools
              customerio-track-mcp schema <TOOL>                      request body schema of a tool
              customerio-track-mcp call <TOOL> --<param> VALUE ...    call a tool and print the result
              customerio-track-mcp --sandbox [options]                MCP server against the local sandbox (no account needed)
              customerio-track-mcp sandbox serve [--port N]           the sandbox as a standalone Track API on 127.0.0.1
              customerio-track-mcp sandbox people|person <ID>|events|segments|objects|suppressions|journal|reset [--json] [--data PATH]
                                                                      inspect or reset the sandbox
              customerio-track-mcp sandbox delivery <ID>              a new delivery id for a person (for unsubscribe/metrics)
              customerio-track-mcp <command> --help                   help on a command

            HTTP (--http):
              --port N           port (default {McpTransports.DefaultPort})
              --host H           address to bind (default 127.0.0.1). A non-loopback address requires a token.
              --token T          bearer token; prefer the environment variable CUSTOMERIO_MCP_TOKEN.
              --allowed-host H   with a 0.0.0.0 / :: bind: a host name clients use (repeatable; or
                                 CUSTOMERIO_MCP_ALLOWED_HOSTS=a,b); any other Host header gets 403.
              Every request must carry `Authorization: Bearer <token>` when a token is set; Host must be
              localhost, 127.0.0.1, [::1], the bound address or an --allowed-host name, and a browser Origin
              must be a loopback one (else 403).

            Logs go to stderr; on stdio, stdout carries only the protocol.

            """ + Configuration + """
            Exit codes: 0 success, 1 a tool or API error (call), 2 bad usage or configuration.

            """,
    };
}
