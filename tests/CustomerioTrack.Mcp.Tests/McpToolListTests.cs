using System.Text.Json;
using CustomerioTrack.Mcp.Tests.Support;

namespace CustomerioTrack.Mcp.Tests;

/// <summary>tools/list through the SDK's client over pipes: names, parameters and JSON types (issue 3's table), annotations.</summary>
public sealed class McpToolListTests
{
    private const string Body = "request_body:object|string";

    // tool -> "parameter:type ..." in schema order; required parameters of tools without mode are marked with '!'.
    public static readonly Dictionary<string, string> Expected = new()
    {
        ["AddDeviceToCustomerProfile"] = $"mode:string unique_person_identifier:string {Body}",
        ["AddPeopleToSegment"] = $"mode:string segment_identifier:integer identifier_type:string {Body}",
        ["BatchProcessRequests"] = $"mode:string {Body}",
        ["DeleteCustomer"] = "customer_identifier:string!",
        ["GetTrackApiRegion"] = "",
        ["GlobalUnsubscribeUser"] = "delivery_id_for_unsubscription:string! set_unsubscribed_attribute:boolean",
        ["ManageEntity"] = $"mode:string {Body}",
        ["MergeCustomerProfiles"] = $"mode:string {Body}",
        ["RemoveCustomerDevice"] = "customer_identifier:string! device_unique_id:string!",
        ["RemoveUserFromSegment"] = $"mode:string segment_identifier:integer identification_type:string {Body}",
        ["ReportCustomMetrics"] = $"mode:string {Body}",
        ["SendCustomerEvent"] = $"mode:string customer_identifier:string {Body}",
        ["SubmitFormResponse"] = $"mode:string form_identifier:string {Body}",
        ["SuppressCustomerProfile"] = "unique_person_identifier:string!",
        ["TrackAnonymousEvent"] = $"mode:string {Body}",
        ["UnsuppressCustomerProfile"] = "customer_identifier:string!",
        ["UpdateOrAddPerson"] = $"mode:string person_identifier:string {Body}",
    };

    public static readonly string[] Destructive =
    [
        "BatchProcessRequests", "DeleteCustomer", "GlobalUnsubscribeUser", "ManageEntity", "MergeCustomerProfiles",
        "RemoveCustomerDevice", "RemoveUserFromSegment", "SuppressCustomerProfile",
    ];

    private static string Describe(JsonElement schema)
    {
        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()).ToHashSet() : [];
        var hasMode = schema.GetProperty("properties").TryGetProperty("mode", out _);
        return string.Join(" ", schema.GetProperty("properties").EnumerateObject().Select(p =>
        {
            var type = p.Value.GetProperty("type");
            var typeText = type.ValueKind == JsonValueKind.Array ? string.Join("|", type.EnumerateArray().Select(t => t.GetString())) : type.GetString();
            return $"{p.Name}:{typeText}{(!hasMode && required.Contains(p.Name) ? "!" : "")}";
        }));
    }

    [Fact]
    public async Task Lists_the_17_tools_with_the_parameters_and_types_of_the_spec()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment());

        var tools = await server.ListToolsAsync();

        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var tool in tools)
        {
            Assert.Equal("object", tool.JsonSchema.GetProperty("type").GetString());
            Assert.True(Expected[tool.Name] == Describe(tool.JsonSchema), $"{tool.Name}: expected '{Expected[tool.Name]}', got '{Describe(tool.JsonSchema)}'");
            Assert.False(string.IsNullOrWhiteSpace(tool.Title), tool.Name);
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), tool.Name);
            var required = tool.JsonSchema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()).ToList() : [];
            if (Expected[tool.Name].StartsWith("mode:", StringComparison.Ordinal))
            {
                Assert.Equal(["mode"], required);
                Assert.Equal(["get_request_schema", "execute"], tool.JsonSchema.GetProperty("properties").GetProperty("mode").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
            }
        }
    }

    [Theory]
    [InlineData("AddPeopleToSegment", "identifier_type")]
    [InlineData("RemoveUserFromSegment", "identification_type")]
    public async Task Segment_identifier_kinds_are_an_enum_defaulting_to_id(string tool, string parameter)
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment());

        var schema = (await server.ListToolsAsync()).Single(t => t.Name == tool).JsonSchema.GetProperty("properties").GetProperty(parameter);

        Assert.Equal(["id", "email", "cio_id"], schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("id", schema.GetProperty("default").GetString());
    }

    [Fact]
    public async Task Annotations_read_only_only_for_the_region_destructive_exactly_the_eight_open_world_everywhere()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment());

        var tools = await server.ListToolsAsync();

        foreach (var tool in tools)
        {
            var annotations = tool.ProtocolTool.Annotations;
            Assert.NotNull(annotations);
            Assert.Equal(tool.Name == "GetTrackApiRegion", annotations.ReadOnlyHint);
            Assert.Equal(Destructive.Contains(tool.Name), annotations.DestructiveHint);
            Assert.True(annotations.OpenWorldHint, tool.Name);
            Assert.NotNull(annotations.IdempotentHint);
            Assert.Equal(tool.Title, annotations.Title);
        }

        Assert.True(tools.Single(t => t.Name == "DeleteCustomer").ProtocolTool.Annotations!.IdempotentHint);
        Assert.False(tools.Single(t => t.Name == "SendCustomerEvent").ProtocolTool.Annotations!.IdempotentHint);
    }

    [Fact]
    public async Task Metadata_is_the_generated_definition_not_hand_written()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment());

        var tools = await server.ListToolsAsync();

        foreach (var definition in CustomerioTrack.Tools.TrackTools.AllDefinitions.Where(d => d.EnabledByDefault))
        {
            var tool = tools.Single(t => t.Name == definition.Name);
            Assert.Equal(definition.Title, tool.Title);
            Assert.Equal(definition.Description, tool.Description);
            Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(definition.InputSchemaJson).RootElement), JsonSerializer.Serialize(tool.JsonSchema));
        }
    }

    [Fact]
    public async Task Server_announces_its_name_version_and_instructions()
    {
        using var stub = new TrackStub();
        await using var server = await InProcessServer.StartAsync(stub.Environment());

        Assert.NotNull(server.Client.ServerInfo);
        Assert.Equal(TrackMcpServer.Name, server.Client.ServerInfo.Name);
        Assert.Equal(TrackMcpServer.Version, server.Client.ServerInfo.Version);
        Assert.Contains("get_request_schema", server.Client.ServerInstructions ?? "");
    }
}
