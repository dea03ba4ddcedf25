using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Client;
using CustomerioTrack.Tools;

namespace CustomerioTrack.Sandbox.Tests;

/// <summary>An in-memory sandbox with the real client, the tools, and a raw HTTP client, all in-process.</summary>
public sealed class SandboxHarness : IDisposable
{
    public SandboxHarness(SandboxOptions? options = null)
    {
        Sandbox = TrackSandbox.Open(options ?? new SandboxOptions { InMemory = true });
        Client = Sandbox.CreateClient();
        Tools = TrackTools.Create(Client, new TrackToolsOptions { IncludeDisabledByDefault = true });
        Http = new HttpClient(Sandbox.CreateHandler()) { BaseAddress = TrackSandbox.InProcessBaseUrl };
    }

    public TrackSandbox Sandbox { get; }
    public SandboxInspector Inspector => Sandbox.Inspector;
    public TrackApiClient Client { get; }
    public TrackToolset Tools { get; }
    public HttpClient Http { get; }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    public AuthenticationHeaderValue Auth => Basic(Sandbox.Options.SiteId, Sandbox.Options.ApiKey);

    /// <summary>Invokes a tool with execute mode; fails the test on a tool error.</summary>
    public async Task<JsonObject> Tool(string name, object arguments)
    {
        var result = await Tools.InvokeAsync(name, JsonSerializer.SerializeToElement(arguments));
        Assert.False(result.IsError, $"{name} failed: {result.ToJson()}");
        return result.Content;
    }

    public Task<JsonObject> Identify(string identifier, object body) =>
        Tool("UpdateOrAddPerson", new { person_identifier = identifier, mode = "execute", request_body = body });

    public Task<JsonObject> Track(string identifier, object body) =>
        Tool("SendCustomerEvent", new { customer_identifier = identifier, mode = "execute", request_body = body });

    /// <summary>Sends a raw request (authenticated unless told otherwise).</summary>
    public async Task<(int Status, string Body)> Raw(HttpMethod method, string path, string? body = null, bool authenticate = true, AuthenticationHeaderValue? auth = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (authenticate)
        {
            request.Headers.Authorization = auth ?? Auth;
        }

        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<SandboxPersonDetail> Person(string identifier) =>
        await Inspector.GetPersonAsync(identifier) ?? throw new Xunit.Sdk.XunitException($"no person '{identifier}'");

    public void Dispose()
    {
        Http.Dispose();
        Sandbox.Dispose();
    }
}
