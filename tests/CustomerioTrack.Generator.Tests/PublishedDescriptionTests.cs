using System.Text.Json;
using CustomerioTrack.Generator.OpenApi;
using CustomerioTrack.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator.Tests;

/// <summary>Runs only when Customer.io's published description exists at ../shared/reference/ (relative to the repository root).</summary>
public sealed class PublishedDescriptionFactAttribute : FactAttribute
{
    public PublishedDescriptionFactAttribute()
    {
        if (!File.Exists(RepositoryPaths.PublishedDescription))
        {
            Skip = PublishedDescriptionMemberDataAttribute.SkipReason;
        }
    }
}

/// <summary>
/// <see cref="MemberDataAttribute"/> whose rows are each reported as skipped when the published description is absent
/// (a skipped theory attribute would collapse them into one skipped test).
/// </summary>
public sealed class PublishedDescriptionMemberDataAttribute : MemberDataAttributeBase
{
    public static string SkipReason =>
        $"Customer.io's published description is not at {RepositoryPaths.PublishedDescription}; it is never copied into the repository.";

    public PublishedDescriptionMemberDataAttribute(string memberName)
        : base(memberName, Array.Empty<object>())
    {
        if (!File.Exists(RepositoryPaths.PublishedDescription))
        {
            Skip = SkipReason;
        }
    }

    protected override object[] ConvertDataItem(System.Reflection.MethodInfo testMethod, object item) => (object[])item;
}

public sealed class PublishedDescriptionTests
{
    private static readonly string[] EnabledNames =
    [
        "AddDeviceToCustomerProfile", "AddPeopleToSegment", "BatchProcessRequests", "DeleteCustomer", "GetTrackApiRegion",
        "GlobalUnsubscribeUser", "ManageEntity", "MergeCustomerProfiles", "RemoveCustomerDevice", "RemoveUserFromSegment",
        "ReportCustomMetrics", "SendCustomerEvent", "SubmitFormResponse", "SuppressCustomerProfile", "TrackAnonymousEvent",
        "UnsuppressCustomerProfile", "UpdateOrAddPerson",
    ];

    /// <summary>
    /// The URL template Kiota 1.38 writes into the request builder of each path of the published description. The paths
    /// are the published file's, not ours; src/CustomerioTrack.Client/Generated is generated from openapi/track.json.
    /// </summary>
    public static readonly TheoryData<string, string> KiotaTemplates = new()
    {
        { "/api/v1/accounts/region", "{+baseurl}/api/v1/accounts/region" },
        { "/api/v1/customers/{identifier}", "{+baseurl}/api/v1/customers/{identifier}" },
        { "/api/v1/customers/{identifier}/devices", "{+baseurl}/api/v1/customers/{identifier}/devices" },
        { "/api/v1/customers/{identifier}/devices/{device_id}", "{+baseurl}/api/v1/customers/{identifier}/devices/{device_id}" },
        { "/api/v1/customers/{identifier}/events", "{+baseurl}/api/v1/customers/{identifier}/events" },
        { "/api/v1/customers/{identifier}/suppress", "{+baseurl}/api/v1/customers/{identifier}/suppress" },
        { "/api/v1/customers/{identifier}/unsuppress", "{+baseurl}/api/v1/customers/{identifier}/unsuppress" },
        { "/api/v1/events", "{+baseurl}/api/v1/events" },
        { "/api/v1/forms/{form_id}/submit", "{+baseurl}/api/v1/forms/{form_id}/submit" },
        { "/api/v1/merge_customers", "{+baseurl}/api/v1/merge_customers" },
        { "/api/v1/metrics", "{+baseurl}/api/v1/metrics" },
        { "/api/v1/push/events", "{+baseurl}/api/v1/push/events" },
        { "/api/v1/segments/{segment_id}/add_customers", "{+baseurl}/api/v1/segments/{segment_id}/add_customers{?id_type*}" },
        { "/api/v1/segments/{segment_id}/remove_customers", "{+baseurl}/api/v1/segments/{segment_id}/remove_customers{?id_type*}" },
        { "/api/v2/batch", "{+baseurl}/api/v2/batch" },
        { "/api/v2/entity", "{+baseurl}/api/v2/entity" },
        { "/unsubscribe/{delivery_id}", "{+baseurl}/unsubscribe/{delivery_id}" },
    };

    private static readonly Lazy<GeneratorOutput> Output = new(() => GeneratorHarness.Run(
        InputFile.OpenApi(File.ReadAllText(RepositoryPaths.PublishedDescription), RepositoryPaths.PublishedDescription),
        InputFile.Manifest(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "openapi", "tools.json")), "/repo/openapi/tools.json")));

    private static readonly Lazy<Model.GenerationModel> Model = new(() => ModelRunner.Build(
        File.ReadAllText(RepositoryPaths.PublishedDescription),
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "openapi", "tools.json"))));

    [PublishedDescriptionFact]
    public void Yields_18_tools_17_enabled_with_the_manifest_names()
    {
        var tools = Model.Value.Tools;

        Assert.Equal(18, tools.Count);
        Assert.Equal(EnabledNames, tools.Where(t => t.EnabledByDefault).Select(t => t.Name));
        var disabled = Assert.Single(tools, t => !t.EnabledByDefault);
        Assert.Equal(("ReportPushMetrics", "pushMetrics", true), (disabled.Name, disabled.OperationId, disabled.Deprecated));
    }

    [PublishedDescriptionFact]
    public void Reports_no_errors_and_no_json_or_ref_problems()
    {
        Assert.DoesNotContain(Output.Value.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.DoesNotContain(Output.Value.GeneratorDiagnostics, d => d.Id is "CIOTRK001" or "CIOTRK003");
        Assert.Empty(Output.Value.GeneratorDiagnostics);
    }

    [PublishedDescriptionFact]
    public void Every_body_schema_is_self_contained_json()
    {
        foreach (var tool in Model.Value.Tools.Where(t => t.Body is not null))
        {
            using var schema = JsonDocument.Parse(tool.Body!.SchemaJson);
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
            Assert.DoesNotContain("#/components", tool.Body.SchemaJson, StringComparison.Ordinal);
            foreach (var keyword in new[] { "\"discriminator\":", "\"example\":", "\"x-", "\"nullable\":" })
            {
                Assert.DoesNotContain(keyword, tool.Body.SchemaJson, StringComparison.Ordinal);
            }

            using var input = JsonDocument.Parse(tool.InputSchemaJson);
            foreach (var parameter in tool.Parameters)
            {
                using var _ = JsonDocument.Parse(parameter.SchemaJson);
            }
        }

        Assert.Equal(13, Model.Value.Tools.Count(t => t.Body is not null));
    }

    [PublishedDescriptionFact]
    public void Operation_level_servers_and_security_are_handled()
    {
        var tools = Model.Value.Tools.ToDictionary(t => t.OperationId);

        Assert.False(tools["unsubscribe"].RequiresAuthentication);
        Assert.False(tools["metrics"].RequiresAuthentication);
        Assert.True(tools["identify"].RequiresAuthentication);
        Assert.All(Output.Value.Sources.Values, source => Assert.DoesNotContain("https://track.customer.io", source, StringComparison.Ordinal));

        var unsubscribe = tools["unsubscribe"];
        Assert.True(unsubscribe.Body!.Flattened);
        Assert.Equal(new[] { "delivery_id_for_unsubscription", "set_unsubscribed_attribute" }, unsubscribe.Parameters.Select(p => p.Name));

        var segment = tools["add_to_segment"];
        Assert.Equal(new[] { "segment_identifier", "identifier_type" }, segment.Parameters.Select(p => p.Name));
        Assert.Equal("GetInt32", segment.PathArguments.Single().Getter);
    }

    [PublishedDescriptionFact]
    public void Emitted_code_compiles()
    {
        Assert.Equal(19, Output.Value.Sources.Count);
        Assert.Empty(Output.Value.CompilationProblems);
    }

    [Theory]
    [PublishedDescriptionMemberData(nameof(KiotaTemplates))]
    public void Url_templates_are_identical_to_kiota(string path, string kiotaTemplate)
    {
        var templates = Model.Value.Tools.Where(t => t.PathTemplate == path).Select(t => t.UrlTemplate).Distinct().ToList();
        Assert.Equal(kiotaTemplate, Assert.Single(templates));
    }

    [PublishedDescriptionFact]
    public void Every_published_path_is_covered_by_the_kiota_table()
    {
        Assert.Equal(
            KiotaTemplates.Select(row => (string)row[0]).Order(StringComparer.Ordinal),
            Model.Value.Tools.Select(t => t.PathTemplate).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("identifier", "identifier")]
    [InlineData("segment-id", "segment%2Did")]
    [InlineData("a.b~c", "a%2Eb%7Ec")]
    [InlineData("with space", "with%20space")]
    public void Parameter_names_are_sanitized_like_kiota(string name, string expected) =>
        Assert.Equal(expected, KiotaUrlTemplate.SanitizeParameterName(name));

    // Kiota 1.38 orders the query variables by name (ordinal), whatever the description's order: kiota generate on a
    // scratch description with them in another order wrote them sorted (ParameterNameTests has its exact template).
    [Fact]
    public void Query_parameters_follow_kiota_order_and_explode_rules() =>
        Assert.Equal(
            "{+baseurl}/a/{x%2Did}{?csv,op%2Dlevel*,path_level*}",
            KiotaUrlTemplate.Create("/a/{x-id}", new[] { ("path_level", true), ("op-level", true), ("csv", false), ("path_level", false) }));
}
