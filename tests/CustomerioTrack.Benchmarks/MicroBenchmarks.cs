using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CustomerioTrack.Client;
using CustomerioTrack.Tools;
using CustomerioTrack.Tools.Validation;

namespace CustomerioTrack.Benchmarks;

/// <summary>Schema lookup, validation, request building (dry run) and a full execute against a loopback server.</summary>
/// <remarks>Job: 3 warm-up and 5 measured iterations (set in Program.cs, replaced by the dry in-process job under --smoke).</remarks>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private static readonly byte[] IdentifyBytes = Encoding.UTF8.GetBytes(Workload.IdentifyBody);

    private TrackToolset _schemaTools = null!;
    private TrackToolset _dryRunTools = null!;
    private TrackToolset _liveTools = null!;
    private RequestBodySchema _identifySchema = null!;
    private RequestBodySchema _batchSchema = null!;
    private Json.Schema.JsonSchema _batchFlagSchema = null!;
    private JsonElement _identifyBody;
    private JsonElement _batchBody;
    private JsonElement _batchBodyOneInvalid;
    private Dictionary<string, JsonElement> _batchByName = null!;
    private LoopbackServer _server = null!;
    private HttpClient _floor = null!;
    private TrackToolset _inMemoryTools = null!;
    private TrackApiClient _inMemoryClient = null!;
    private HttpClient _inMemoryFloor = null!;
    private CustomerioTrack.Client.Models.IdentifyRequest _identifyModel = null!;
    private Uri _identifyUri = null!;
    private CustomerioTrack.Client.Models.BatchRequest _batchModel = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await LoopbackServer.StartAsync();
        var options = new TrackClientOptions
        {
            SiteId = Workload.SiteId,
            ApiKey = Workload.ApiKey,
            BaseUrl = _server.BaseUrl,
            Retry = new TrackRetryOptions { MaxRetries = 0 },
        };
        _schemaTools = TrackTools.Create(TrackClientFactory.Create(options));
        _dryRunTools = TrackTools.Create(TrackClientFactory.Create(options), new TrackToolsOptions { DryRun = true });
        _liveTools = TrackTools.Create(TrackClientFactory.Create(options));

        _identifySchema = new RequestBodySchema(SchemaOf("UpdateOrAddPerson"));
        _batchSchema = new RequestBodySchema(SchemaOf("BatchProcessRequests"));
        _batchFlagSchema = Json.Schema.JsonSchema.FromText(SchemaOf("BatchProcessRequests"));
        _identifyBody = JsonDocument.Parse(Workload.IdentifyBody).RootElement.Clone();
        _batchBody = JsonDocument.Parse(Workload.BatchBody).RootElement.Clone();
        _batchByName = JsonDocument.Parse(Workload.BatchArguments).RootElement.Clone().EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        Check(_identifySchema.Validate(_identifyBody).Count == 0, "the identify body must be valid");
        Check(_batchSchema.Validate(_batchBody).Count == 0, "the batch body must be valid");
        _batchBodyOneInvalid = JsonDocument.Parse(Workload.BatchBody.Replace("\"id\":\"user-000500\"", "\"id\":7.5", StringComparison.Ordinal)).RootElement.Clone();
        Check(_batchSchema.Validate(_batchBodyOneInvalid).Count == 1, "the batch body with item 500 broken must have one problem");

        _floor = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        _floor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Workload.SiteId}:{Workload.ApiKey}")));
        _identifyUri = new Uri(_server.BaseUrl, $"/api/v1/customers/{Workload.PersonId}");

        _inMemoryTools = TrackTools.Create(TrackClientFactory.Create(options, new InMemoryTransport()));
        _inMemoryClient = TrackClientFactory.Create(options, new InMemoryTransport());
        _inMemoryFloor = new HttpClient(new InMemoryTransport());
        _inMemoryFloor.DefaultRequestHeaders.Authorization = _floor.DefaultRequestHeaders.Authorization;
        _identifyModel = Workload.IdentifyModel();
        _batchModel = Workload.BatchModel();
        Check(Serialize_Batch_Ours() == Serialize_Batch_Kiota(), "our writer and Kiota's must write the batch alike");
        Check(!(await _inMemoryTools.InvokeAsync("BatchProcessRequests", Workload.BatchArguments)).IsError, "in-memory batch");

        // Warm the per-toolset schema caches and check each path once.
        Check(!(await GetSchema_UpdateOrAddPerson()).IsError, "schema mode");
        Check(!(await BuildRequest_DryRun_Identify()).IsError, "dry run");
        Check(!(await Execute_Identify_Loopback()).IsError, "execute");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _floor.Dispose();
        await _server.DisposeAsync();
    }

    private static string SchemaOf(string tool) => TrackTools.AllDefinitions.Single(d => d.Name == tool).RequestBody!.SchemaJson;

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Benchmark setup check failed: " + what);
        }
    }

    [Benchmark(Description = "get_request_schema UpdateOrAddPerson (tool call)")]
    public Task<ToolCallResult> GetSchema_UpdateOrAddPerson() =>
        _schemaTools.InvokeAsync("UpdateOrAddPerson", """{"mode":"get_request_schema"}""");

    [Benchmark(Description = "get_request_schema BatchProcessRequests (tool call)")]
    public Task<ToolCallResult> GetSchema_BatchProcessRequests() =>
        _schemaTools.InvokeAsync("BatchProcessRequests", """{"mode":"get_request_schema"}""");

    [Benchmark(Description = "Validate identify body (~95 B)")]
    public int Validate_Identify() => _identifySchema.Validate(_identifyBody).Count;

    [Benchmark(Description = "Validate batch body (~495 KB)")]
    public int Validate_Batch500KB() => _batchSchema.Validate(_batchBody).Count;

    /// <summary>Explaining a rejected batch: JsonSchema.Net's detailed evaluation runs on the one invalid item only.</summary>
    [Benchmark(Description = "Validate batch body (~495 KB) with one invalid item (explained)")]
    public int Validate_Batch500KB_OneInvalid() => _batchSchema.Validate(_batchBodyOneInvalid).Count;

    /// <summary>
    /// For comparison: the same batch through JsonSchema.Net with the cheapest output format (valid or not, no details),
    /// i.e. what a validate-fast-then-explain-on-failure first pass would cost.
    /// </summary>
    [Benchmark(Description = "Validate batch body (~495 KB), JsonSchema.Net Flag output only")]
    public bool Validate_Batch500KB_FlagOnly() =>
        _batchFlagSchema.Evaluate(_batchBody, new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.Flag }).IsValid;

    [Benchmark(Description = "Build request: identify execute, DryRun")]
    public Task<ToolCallResult> BuildRequest_DryRun_Identify() =>
        _dryRunTools.InvokeAsync("UpdateOrAddPerson", Workload.IdentifyArguments);

    [Benchmark(Description = "Execute identify via tools, loopback 200 {}")]
    public Task<ToolCallResult> Execute_Identify_Loopback() =>
        _liveTools.InvokeAsync("UpdateOrAddPerson", Workload.IdentifyArguments);

    [Benchmark(Description = "Floor: raw HttpClient PUT prebuilt bytes, loopback")]
    public async Task<int> Floor_Identify_Loopback()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, _identifyUri) { Content = new ByteArrayContent(IdentifyBytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _floor.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return (int)response.StatusCode;
    }

    [Benchmark(Description = "In-memory transport: identify via tools execute")]
    public Task<ToolCallResult> InMemory_Identify_Tools() =>
        _inMemoryTools.InvokeAsync("UpdateOrAddPerson", Workload.IdentifyArguments);

    [Benchmark(Description = "In-memory transport: identify via typed Kiota client")]
    public Task InMemory_Identify_Typed() =>
        _inMemoryClient.Api.V1.Customers[Workload.PersonId].PutAsync(_identifyModel);

    [Benchmark(Description = "In-memory transport: identify via raw HttpClient (floor)")]
    public async Task<int> InMemory_Identify_Floor()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, _identifyUri) { Content = new ByteArrayContent(IdentifyBytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _inMemoryFloor.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return (int)response.StatusCode;
    }

    [Benchmark(Description = "In-memory transport: ~495 KB batch via tools execute (parse, validate, limits, send)")]
    public Task<ToolCallResult> InMemory_Batch_Tools() =>
        _inMemoryTools.InvokeAsync("BatchProcessRequests", Workload.BatchArguments);

    [Benchmark(Description = "In-memory transport: ~495 KB batch via tools execute, arguments parsed as MCP passes them (validate, limits, send)")]
    public Task<ToolCallResult> InMemory_Batch_Tools_Parsed() =>
        _inMemoryTools.InvokeAsync("BatchProcessRequests", _batchByName);

    [Benchmark(Description = "In-memory transport: ~495 KB batch via typed Kiota client (serialize models, event scan, send)")]
    public Task InMemory_Batch_Typed() =>
        _inMemoryClient.Api.V2.Batch.PostAsync(_batchModel);

    [Benchmark(Description = "Serialize the ~495 KB batch of models: our JSON writer")]
    public long Serialize_Batch_Ours() =>
        Serialize(new CustomerioTrack.Client.Serialization.TrackJsonSerializationWriterFactory().GetSerializationWriter("application/json"));

    [Benchmark(Description = "Serialize the ~495 KB batch of models: Kiota's JsonSerializationWriter")]
    public long Serialize_Batch_Kiota() =>
        Serialize(new Microsoft.Kiota.Serialization.Json.JsonSerializationWriter());

    private long Serialize(Microsoft.Kiota.Abstractions.Serialization.ISerializationWriter writer)
    {
        using (writer)
        {
            writer.WriteObjectValue(null, _batchModel);
            using var content = writer.GetSerializedContent();
            return content.Length;
        }
    }

    [Benchmark(Description = "Parse the ~495 KB batch arguments (JsonDocument, from a string)")]
    public int Parse_BatchArguments()
    {
        using var document = JsonDocument.Parse(Workload.BatchArguments);
        return document.RootElement.GetProperty("request_body").GetProperty("batch").GetArrayLength();
    }

    [Benchmark(Description = "TrackLimits.Check, ~495 KB batch (per-item sizes, ids, attributes)")]
    public int Limits_Batch() =>
        CustomerioTrack.Tools.Limits.TrackLimits.Check(BatchDefinition, _batchBody, new Dictionary<string, string>()).Count;

    [Benchmark(Description = "Duplicate-key check, ~495 KB batch (every object of the body)")]
    public int DuplicateKeys_Batch()
    {
        var problems = new List<ToolProblem>();
        CustomerioTrack.Tools.Validation.DuplicateKeys.Find(_batchBody, "request_body", problems);
        return problems.Count;
    }

    private static readonly ToolDefinition BatchDefinition = TrackTools.AllDefinitions.Single(d => d.Name == "BatchProcessRequests");
}
