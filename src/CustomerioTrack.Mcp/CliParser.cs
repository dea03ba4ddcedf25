namespace CustomerioTrack.Mcp;

/// <summary>A small hand-written parser: global options anywhere, a command word, and free <c>--param value</c> pairs for <c>call</c>.</summary>
internal static class CliParser
{
    public static readonly string[] Commands = ["serve", "tools", "schema", "call", "sandbox", "help"];

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CliOptions();
        var commandSeen = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?")
            {
                options.Help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (!commandSeen && arg == "sandbox")
                {
                    // `sandbox <subcommand> ...` belongs to the sandbox's own command line.
                    options.Command = "sandbox";
                    options.SandboxArguments.AddRange(args.Skip(i + 1));
                    options.Help |= options.SandboxArguments.Any(a => a is "-h" or "--help" or "-?") || options.SandboxArguments is ["help", ..];
                    return options;
                }

                if (!commandSeen && Commands.Contains(arg))
                {
                    options.Command = arg == "help" ? options.Command : arg;
                    options.Help |= arg == "help";
                    commandSeen = true;
                }
                else if (options.Command is "schema" or "call" && options.ToolName is null)
                {
                    options.ToolName = arg;
                }
                else if (options.Help && options.Command == "serve" && Commands.Contains(arg))
                {
                    options.Command = arg; // `help call`
                }
                else
                {
                    throw new UsageException($"Unexpected argument '{arg}'. Commands: {string.Join(", ", Commands)}. Run with --help for usage.");
                }

                commandSeen = true;
                continue;
            }

            var name = arg[2..];
            string? inlineValue = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inlineValue = name[(eq + 1)..];
                name = name[..eq];
            }

            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"Option --{name} needs a value.");
                }

                return args[++i];
            }

            switch (name)
            {
                case "version":
                    options.Version = true;
                    break;
                case "api-key" or "api_key" or "apikey" or "key":
                    throw new UsageException(
                        "There is no --api-key option on purpose: a key on the command line is visible to every user in process listings (ps, /proc) and lands in shell history. "
                        + "Set the environment variable CUSTOMERIO_API_KEY instead (in an MCP host, in the server's \"env\" block).");
                case "site-id":
                    options.SiteId = Value();
                    break;
                case "region":
                    options.Region = Value();
                    break;
                case "track-url":
                    options.TrackUrl = Value();
                    break;
                case "sandbox":
                    options.Sandbox = true;
                    break;
                case "data":
                    options.Data = Value();
                    break;
                case "dry-run":
                    options.DryRun = true;
                    break;
                case "tools":
                    options.Tools = SplitList(Value());
                    break;
                case "exclude-tools":
                    options.ExcludeTools = SplitList(Value());
                    break;
                case "all-tools":
                    options.AllTools = true;
                    break;
                case "no-destructive":
                    options.NoDestructive = true;
                    break;
                case "http":
                    options.Http = true;
                    break;
                case "port":
                    var port = Value();
                    options.Port = int.TryParse(port, out var p) && p is >= 0 and <= 65535
                        ? p
                        : throw new UsageException($"--port must be a number from 0 to 65535, got '{port}'.");
                    break;
                case "host":
                    options.Host = Value();
                    break;
                case "token":
                    options.Token = Value();
                    break;
                case "allowed-host":
                    options.AllowedHosts.Add(Value());
                    break;
                default:
                    if (options.Command != "call")
                    {
                        throw new UsageException($"Unknown option --{name}. Run with --help for usage.");
                    }

                    // A tool parameter: the value is the next argument unless that is another option (a boolean flag).
                    string? value = inlineValue;
                    if (value is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        value = args[++i];
                    }

                    options.ToolArguments.Add(new(name.Replace('-', '_'), value));
                    break;
            }
        }

        if (options.AllTools && options.Tools is not null)
        {
            throw new UsageException("--all-tools and --tools cannot be combined: --tools names the only tools to expose, --all-tools exposes all 18.");
        }

        return options;
    }

    private static List<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
