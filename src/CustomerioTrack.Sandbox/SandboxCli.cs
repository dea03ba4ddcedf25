using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CustomerioTrack.Sandbox;

/// <summary>
/// The <c>sandbox</c> command line: <c>serve</c>, and inspection as readable tables or <c>--json</c>.
/// Hosts (the MCP executable) pass the arguments after <c>sandbox</c>.
/// </summary>
public static partial class SandboxCli
{
    /// <summary>Usage text.</summary>
    public const string Usage = """
        Usage: sandbox <command> [options]

        Commands:
          serve [--port N]            Serve the Track API emulator on 127.0.0.1 (port 0 or none: a free port) until Ctrl+C or SIGTERM
          people                      List people
          person <identifier>         One person (id, email or cio_<cio_id>) with attributes, devices, events, segments
          events [--person ID] [--limit N]
                                      Events, newest last
          segments                    Manual segments and their members
          objects                     Objects and their relationships
          suppressions                Suppressed identifiers
          journal [--limit N]         Accepted requests, with what was not applied and why
          delivery <identifier>       Simulate a message: print a new delivery id for a person (for unsubscribe/metrics)
          reset                       Delete all sandbox data

        Options:
          --data PATH                 SQLite database file (default: the user's local application data folder, CustomerioTrack/sandbox.db)
          --json                      Machine-readable output
          --site-id ID, --api-key KEY Credentials the server accepts (default: sandbox-site / sandbox-key)
        """;

    /// <summary>JSON settings of <c>--json</c> output (snake_case, indented).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    // Binds JsonOptions to the source-generated metadata (no reflection: Native AOT safe).
    private static readonly SandboxJsonContext s_json = new(JsonOptions);

    /// <summary>Runs a command against the sandbox database named by <c>--data</c> (or the default); returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ParsedArgs parsed;
        try
        {
            parsed = ParsedArgs.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await stderr.WriteLineAsync(exception.Message + Environment.NewLine + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }

        if (parsed.Command is null or "help" || parsed.Flags.Contains("--help"))
        {
            await (parsed.Command is null ? stderr : stdout).WriteLineAsync(Usage).ConfigureAwait(false);
            return parsed.Command is null ? 2 : 0;
        }

        var options = new SandboxOptions { DataPath = parsed.Get("--data") };
        if (parsed.Get("--site-id") is { } siteId) options.SiteId = siteId;
        if (parsed.Get("--api-key") is { } apiKey) options.ApiKey = apiKey;

        if (parsed.Command == "serve")
        {
            options.Port = parsed.GetInt("--port") ?? 0;
            return await ServeAsync(options, parsed.Json, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }

        using var sandbox = TrackSandbox.Open(options);
        return await RunAsync(sandbox, args, stdout, stderr, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs an inspection command against an open sandbox (e.g. the in-process one); <c>serve</c> and <c>--data</c> are not used here.</summary>
    public static async Task<int> RunAsync(TrackSandbox sandbox, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ParsedArgs parsed;
        try
        {
            parsed = ParsedArgs.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await stderr.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return 2;
        }

        var inspector = sandbox.Inspector;
        var json = parsed.Json;
        switch (parsed.Command)
        {
            case "people":
            {
                var people = await inspector.GetPeopleAsync(cancellationToken).ConfigureAwait(false);
                await Write(stdout, json, people, s_json.IReadOnlyListSandboxPerson, () => Table(
                    ["CIO_ID", "ID", "EMAIL", "UNSUBSCRIBED", "UPDATED", "ATTRIBUTES"],
                    people.Select(p => new[] { p.CioId, p.Id ?? "", p.Email ?? "", p.Unsubscribed ? "yes" : "no", Stamp(p.UpdatedAt), Short(p.Attributes.ToJsonString()) }))).ConfigureAwait(false);
                return 0;
            }

            case "person":
            {
                if (parsed.Positional.Count < 1)
                {
                    await stderr.WriteLineAsync("person needs an identifier: id, email or cio_<cio_id>").ConfigureAwait(false);
                    return 2;
                }

                var detail = await inspector.GetPersonAsync(parsed.Positional[0], cancellationToken).ConfigureAwait(false);
                if (detail is null)
                {
                    await stderr.WriteLineAsync($"No person has the identifier '{parsed.Positional[0]}'.").ConfigureAwait(false);
                    return 1;
                }

                await Write(stdout, json, detail, s_json.SandboxPersonDetail, () => PersonText(detail)).ConfigureAwait(false);
                return 0;
            }

            case "events":
            {
                var events = await inspector.GetEventsAsync(parsed.Get("--person"), parsed.GetInt("--limit"), cancellationToken).ConfigureAwait(false);
                await Write(stdout, json, events, s_json.IReadOnlyListSandboxEvent, () => EventTable(events)).ConfigureAwait(false);
                return 0;
            }

            case "segments":
            {
                var segments = await inspector.GetSegmentsAsync(cancellationToken).ConfigureAwait(false);
                await Write(stdout, json, segments, s_json.IReadOnlyListSandboxSegment, () => Table(
                    ["SEGMENT_ID", "MEMBERS", "CIO_IDS"],
                    segments.Select(s => new[] { s.SegmentId.ToString(CultureInfo.InvariantCulture), s.MemberCioIds.Count.ToString(CultureInfo.InvariantCulture), Short(string.Join(",", s.MemberCioIds)) }))).ConfigureAwait(false);
                return 0;
            }

            case "objects":
            {
                var objects = await inspector.GetObjectsAsync(cancellationToken).ConfigureAwait(false);
                await Write(stdout, json, objects, s_json.IReadOnlyListSandboxObject, () => Table(
                    ["OBJECT_TYPE_ID", "OBJECT_ID", "CIO_OBJECT_ID", "RELATIONSHIPS", "ATTRIBUTES"],
                    objects.Select(o => new[] { o.ObjectTypeId, o.ObjectId, o.CioObjectId, o.Relationships.Count.ToString(CultureInfo.InvariantCulture), Short(o.Attributes.ToJsonString()) }))).ConfigureAwait(false);
                return 0;
            }

            case "suppressions":
            {
                var suppressions = await inspector.GetSuppressionsAsync(cancellationToken).ConfigureAwait(false);
                await Write(stdout, json, suppressions, s_json.IReadOnlyListSandboxSuppression, () => Table(["KIND", "VALUE", "SINCE"], suppressions.Select(s => new[] { s.Kind, s.Value, Stamp(s.CreatedAt) }))).ConfigureAwait(false);
                return 0;
            }

            case "journal":
            {
                var journal = await inspector.GetJournalAsync(parsed.GetInt("--limit"), cancellationToken).ConfigureAwait(false);
                await Write(stdout, json, journal, s_json.IReadOnlyListSandboxJournalEntry, () => Table(
                    ["SEQ", "TIME", "STATUS", "METHOD", "PATH", "NOTES"],
                    journal.Select(j => new[] { j.Seq.ToString(CultureInfo.InvariantCulture), Stamp(j.Time), j.Status.ToString(CultureInfo.InvariantCulture), j.Method, j.Path, Short(string.Join("; ", j.Notes), 100) }))).ConfigureAwait(false);
                return 0;
            }

            case "delivery":
            {
                if (parsed.Positional.Count < 1)
                {
                    await stderr.WriteLineAsync("delivery needs a person identifier").ConfigureAwait(false);
                    return 2;
                }

                var id = await inspector.CreateDeliveryAsync(parsed.Positional[0], cancellationToken).ConfigureAwait(false);
                if (id is null)
                {
                    await stderr.WriteLineAsync($"No person has the identifier '{parsed.Positional[0]}'.").ConfigureAwait(false);
                    return 1;
                }

                await Write(stdout, json, new SandboxDeliveryCreated(id), s_json.SandboxDeliveryCreated, () => id).ConfigureAwait(false);
                return 0;
            }

            case "reset":
                await inspector.ResetAsync(cancellationToken).ConfigureAwait(false);
                await Write(stdout, json, new SandboxResetDone(true, sandbox.DataLocation), s_json.SandboxResetDone, () => $"Sandbox reset: all data deleted ({sandbox.DataLocation}).").ConfigureAwait(false);
                return 0;

            default:
                await stderr.WriteLineAsync($"Unknown sandbox command '{parsed.Command}'." + Environment.NewLine + Environment.NewLine + Usage).ConfigureAwait(false);
                return 2;
        }
    }

    /// <summary>Renders rows as a table: upper-case headers, columns padded to their widest cell, two spaces apart, no trailing spaces.</summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.Append(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).Append('\n');
        Line(headers);
        foreach (var row in all)
        {
            Line(row);
        }

        if (all.Count == 0)
        {
            text.Append("(none)\n");
        }

        return text.ToString();
    }

    private static string EventTable(IReadOnlyList<SandboxEvent> events) => Table(
        ["SEQ", "RECEIVED", "PERSON", "ANONYMOUS_ID", "TYPE", "NAME", "EVENT_ID", "DATA"],
        events.Select(e => new[]
        {
            e.Seq.ToString(CultureInfo.InvariantCulture), Stamp(e.ReceivedAt), e.PersonCioId ?? "", e.AnonymousId ?? "", e.Type, e.Name, e.EventId ?? "", Short(e.Data?.ToJsonString() ?? ""),
        }));

    private static string PersonText(SandboxPersonDetail detail)
    {
        var p = detail.Person;
        var text = new StringBuilder();
        text.Append("cio_id:       ").Append(p.CioId).Append('\n')
            .Append("id:           ").Append(p.Id ?? "").Append('\n')
            .Append("email:        ").Append(p.Email ?? "").Append('\n')
            .Append("unsubscribed: ").Append(p.Unsubscribed ? "yes" : "no").Append('\n')
            .Append("created:      ").Append(Stamp(p.CreatedAt)).Append('\n')
            .Append("updated:      ").Append(Stamp(p.UpdatedAt)).Append('\n')
            .Append("segments:     ").Append(string.Join(", ", detail.Segments)).Append("\n\nAttributes\n")
            .Append(Table(["NAME", "VALUE"], p.Attributes.Select(a => new[] { a.Key, Short(a.Value?.ToJsonString() ?? "null", 100) })))
            .Append("\nDevices\n")
            .Append(Table(["TOKEN", "PLATFORM", "LAST_USED", "ATTRIBUTES"], detail.Devices.Select(d => new[] { d.Token, d.Platform, d.LastUsed?.ToString(CultureInfo.InvariantCulture) ?? "", Short(d.Attributes.ToJsonString()) })))
            .Append("\nEvents\n")
            .Append(EventTable(detail.Events))
            .Append("\nRelationships\n")
            .Append(Table(["OBJECT_TYPE_ID", "OBJECT_ID", "ATTRIBUTES"], detail.Relationships.Select(r => new[] { r.ObjectTypeId, r.ObjectId, Short(r.Attributes.ToJsonString()) })));
        return text.ToString();
    }

    private static async Task Write<T>(TextWriter stdout, bool json, T value, JsonTypeInfo<T> typeInfo, Func<string> text)
    {
        await stdout.WriteAsync(json ? JsonSerializer.Serialize(value, typeInfo) + "\n" : text()).ConfigureAwait(false);
        if (!json && !text().EndsWith('\n'))
        {
            await stdout.WriteAsync("\n").ConfigureAwait(false);
        }
    }

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Short(string value, int max = 60)
    {
        value = value.ReplaceLineEndings(" ");
        return value.Length <= max ? value : value[..(max - 1)] + "…";
    }

    private sealed class ParsedArgs
    {
        private static readonly HashSet<string> s_valued = ["--data", "--port", "--person", "--limit", "--site-id", "--api-key"];

        public string? Command { get; private set; }
        public List<string> Positional { get; } = [];
        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Flags { get; } = new(StringComparer.Ordinal);
        public bool Json => Flags.Contains("--json");

        public string? Get(string name) => Values.GetValueOrDefault(name);

        public int? GetInt(string name) => Get(name) is { } value
            ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name} needs a non-negative integer, got '{value}'.")
            : null;

        public static ParsedArgs Parse(IReadOnlyList<string> args)
        {
            var parsed = new ParsedArgs();
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                var name = arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? arg[..eq] : arg;
                if (s_valued.Contains(name))
                {
                    if (eq > 0 && name.Length < arg.Length)
                    {
                        parsed.Values[name] = arg[(eq + 1)..];
                    }
                    else if (i + 1 < args.Count)
                    {
                        parsed.Values[name] = args[++i];
                    }
                    else
                    {
                        throw new ArgumentException($"{name} needs a value.");
                    }
                }
                else if (arg.StartsWith("--", StringComparison.Ordinal))
                {
                    if (arg is not ("--json" or "--help"))
                    {
                        throw new ArgumentException($"Unknown option '{arg}'.");
                    }

                    parsed.Flags.Add(arg);
                }
                else if (parsed.Command is null)
                {
                    parsed.Command = arg;
                }
                else
                {
                    parsed.Positional.Add(arg);
                }
            }

            _ = parsed.GetInt("--port");
            _ = parsed.GetInt("--limit");
            return parsed;
        }
    }
}
