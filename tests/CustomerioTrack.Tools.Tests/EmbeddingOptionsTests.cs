using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerioTrack.Tools.Tests;

/// <summary>What a .NET host embedding the toolset relies on: the options do what their XML docs say, and a toolset is safe to share.</summary>
public sealed class EmbeddingOptionsTests
{
    private const string Identify = """{"mode":"execute","person_identifier":"ann@example.com","request_body":{"plan":"pro"}}""";

    // Nothing listens on port 1: a call that is really sent fails as a transport error, a dry run succeeds.
    private static TrackApiClient UnreachableClient() => TrackClientFactory.Create(new TrackClientOptions
    {
        SiteId = "site",
        ApiKey = "embedding-test-api-key-0123456789",
        BaseUrl = new Uri("http://127.0.0.1:1/"),
        Timeout = TimeSpan.FromSeconds(2),
    });

    [Fact]
    public async Task Changing_the_options_after_Create_does_not_change_the_toolset()
    {
        var options = new TrackToolsOptions { DryRun = true, Notice = "first", Include = new List<string> { "UpdateOrAddPerson" } };
        var dry = TrackTools.Create(UnreachableClient(), options);

        // The same options object reused for a second, live toolset must not turn the dry one live.
        options.DryRun = false;
        options.Notice = "second";
        ((List<string>)options.Include).Add("DeleteCustomer");

        dry.Options.DryRun = false;
        dry.Options.Notice = "third";

        Assert.True(dry.Options.DryRun);
        Assert.Equal("first", dry.Options.Notice);
        Assert.Equal(["UpdateOrAddPerson"], dry.Options.Include!);
        var result = await dry.InvokeAsync("UpdateOrAddPerson", Identify);
        Assert.False(result.IsError, result.ToJson());
        Assert.True(result.Content["dry_run"]!.GetValue<bool>());
        Assert.Equal("first", result.Content["notice"]!.GetValue<string>());
    }

    [Fact]
    public void An_unknown_name_in_Include_names_it_and_the_valid_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => TrackTools.Create(UnreachableClient(), new TrackToolsOptions { Include = ["UpdateOrAddPerson", "NoSuchTool"] }));
        Assert.Contains("NoSuchTool", error.Message, StringComparison.Ordinal);
        foreach (var definition in TrackTools.AllDefinitions)
        {
            Assert.Contains(definition.Name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_name_in_Exclude_names_it_too()
    {
        var error = Assert.Throws<ArgumentException>(() => TrackTools.Create(UnreachableClient(), new TrackToolsOptions { Exclude = ["deletecustomer"] }));
        Assert.Contains("deletecustomer", error.Message, StringComparison.Ordinal);
        Assert.Contains("DeleteCustomer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_Exclude_ExcludeDestructive_and_IncludeDisabledByDefault_select_as_documented()
    {
        var client = UnreachableClient();
        var defaults = TrackTools.Create(client).Definitions.Select(d => d.Name).ToList();
        Assert.Equal(17, defaults.Count);
        Assert.DoesNotContain("ReportPushMetrics", defaults);

        Assert.Equal(18, TrackTools.Create(client, new TrackToolsOptions { IncludeDisabledByDefault = true }).Definitions.Count);
        Assert.Equal(["ReportPushMetrics"], TrackTools.Create(client, new TrackToolsOptions { Include = ["ReportPushMetrics"] }).Definitions.Select(d => d.Name));

        var safe = TrackTools.Create(client, new TrackToolsOptions { ExcludeDestructive = true, IncludeDisabledByDefault = true });
        Assert.All(safe.Definitions, d => Assert.False(d.Annotations.Destructive, d.Name));
        Assert.Equal(10, safe.Definitions.Count);
        Assert.Null(safe.Find("DeleteCustomer"));

        var both = TrackTools.Create(client, new TrackToolsOptions { Include = ["DeleteCustomer", "UpdateOrAddPerson"], Exclude = ["DeleteCustomer"] });
        Assert.Equal(["UpdateOrAddPerson"], both.Definitions.Select(d => d.Name));
    }

    [Fact]
    public async Task A_hidden_tool_cannot_be_called()
    {
        var toolset = TrackTools.Create(UnreachableClient(), new TrackToolsOptions { ExcludeDestructive = true, DryRun = true });
        var result = await toolset.InvokeAsync("DeleteCustomer", """{"customer_identifier":"42"}""");
        Assert.True(result.IsError);
        Assert.Equal("unknown_tool", result.Content["error"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_credentials_fail_execute_as_configuration_but_list_and_schema_work()
    {
        var toolset = TrackTools.Create(() => TrackClientFactory.Create(new TrackClientOptions()));
        Assert.Equal(17, toolset.Definitions.Count);
        Assert.NotNull(toolset.GetRequestSchema("UpdateOrAddPerson"));

        var schema = await toolset.InvokeAsync("UpdateOrAddPerson", """{"mode":"get_request_schema"}""");
        Assert.False(schema.IsError, schema.ToJson());
        Assert.NotNull(schema.Content["request_body_schema"]);

        var execute = await toolset.InvokeAsync("UpdateOrAddPerson", Identify);
        Assert.True(execute.IsError);
        Assert.Equal("configuration", execute.Content["error"]!["kind"]!.GetValue<string>());
        Assert.Contains("CUSTOMERIO_API_KEY", execute.ToJson(), StringComparison.Ordinal);
        Assert.False(execute.Content["error"]!["sent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_client_from_dependency_injection_with_unvalidated_options_fails_execute_as_configuration()
    {
        // No host ran ValidateOnStart: resolving the client throws OptionsValidationException on first use.
        var services = new ServiceCollection().AddCustomerioTrack(o => o.SiteId = "site").BuildServiceProvider();
        var toolset = TrackTools.Create(services.GetRequiredService<TrackApiClient>);

        var execute = await toolset.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.True(execute.IsError);
        Assert.Equal("configuration", execute.Content["error"]!["kind"]!.GetValue<string>());
        Assert.Equal(
            "The Customer.io Track client is not configured: TrackClientOptions.ApiKey is required: set it to a Track API key (not an App API key) from Customer.io > Settings > API Credentials > Track API Keys.",
            execute.Content["error"]!["message"]!.GetValue<string>());
        Assert.False(execute.Content["error"]!["sent"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(null, "https://track.customer.io/api/v1/customers/ann%40example.com", " No region is configured: the URL shows track.customer.io; a real call first asks Customer.io for the workspace's region (getRegion) and goes to track-eu.customer.io for an EU workspace. Set the region (CUSTOMERIO_REGION=us or eu) to skip the lookup.")]
    [InlineData(TrackRegion.Eu, "https://track-eu.customer.io/api/v1/customers/ann%40example.com", "")]
    public async Task A_dry_run_says_when_the_region_is_still_to_be_detected_and_shows_the_configured_user_agent(TrackRegion? region, string url, string note)
    {
        var client = TrackClientFactory.Create(new TrackClientOptions { SiteId = "site", ApiKey = "embedding-test-api-key-0123456789", Region = region, UserAgent = "acme-crm/2.1" });
        var toolset = TrackTools.Create(client, new TrackToolsOptions { DryRun = true });

        var result = await toolset.InvokeAsync("UpdateOrAddPerson", Identify);

        Assert.Equal("Validated; nothing was sent (dry run)." + note, result.Content["message"]!.GetValue<string>());
        Assert.Equal(url, result.Content["request"]!["url"]!.GetValue<string>());
        Assert.Equal(region is null, client.DetectsRegion);
        Assert.Equal("acme-crm/2.1", result.Content["request"]!["headers"]!["User-Agent"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_shared_toolset_serves_concurrent_callers()
    {
        var toolset = TrackTools.Create(UnreachableClient(), new TrackToolsOptions { DryRun = true, Notice = "n" });
        var calls = Enumerable.Range(0, 64).Select(i => Task.Run(() => i % 2 == 0
            ? toolset.InvokeAsync("UpdateOrAddPerson", """{"mode":"get_request_schema"}""")
            : toolset.InvokeAsync("UpdateOrAddPerson", Identify)));
        var results = await Task.WhenAll(calls);
        Assert.All(results, r => Assert.False(r.IsError, r.ToJson()));
        Assert.All(results, r => Assert.Equal("n", r.Content["notice"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ToJson_is_compact_keeps_property_order_and_never_holds_the_key()
    {
        var toolset = TrackTools.Create(UnreachableClient(), new TrackToolsOptions { DryRun = true, Notice = "sandbox" });
        var result = await toolset.InvokeAsync("UpdateOrAddPerson", Identify);
        var json = result.ToJson();
        Assert.Equal(json, result.ToJson());
        Assert.DoesNotContain('\n', json);
        Assert.DoesNotContain("\": ", json, StringComparison.Ordinal);
        Assert.DoesNotContain("embedding-test-api-key-0123456789", json, StringComparison.Ordinal);
        Assert.EndsWith(",\"notice\":\"sandbox\"}", json, StringComparison.Ordinal);
        var names = JsonNode.Parse(json)!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(result.Content.Select(p => p.Key), names);
    }
}
