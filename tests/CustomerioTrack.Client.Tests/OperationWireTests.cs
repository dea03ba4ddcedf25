using System.Reflection;
using System.Text.Json;
using CustomerioTrack.Client.Api.V1.Segments.Item.Add_customers;
using CustomerioTrack.Client.Models;
using CustomerioTrack.Client.Tests.Support;
using Microsoft.Kiota.Abstractions.Serialization;
using RemoveIdType = CustomerioTrack.Client.Api.V1.Segments.Item.Remove_customers.PostId_typeQueryParameterType;

namespace CustomerioTrack.Client.Tests;

/// <summary>
/// Every one of the 18 operations through the typed Kiota builders: method, exact encoded path and query on the request
/// line, credentials, headers and the JSON body as WireMock received it.
/// </summary>
public sealed class OperationWireTests : IClassFixture<WireMockFixture>
{
    private const string TrickyIdentifier = "a+b/c@x.io";
    private const string TrickyEncoded = "a%2Bb%2Fc%40x.io";
    private const string UnicodeIdentifier = "zoë@例え.jp";
    private const string UnicodeEncoded = "zo%C3%AB%40%E4%BE%8B%E3%81%88.jp";

    private readonly WireMockFixture _fixture;
    private readonly RecordingHandler _recorder = new();
    private readonly TrackApiClient _client;

    public OperationWireTests(WireMockFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _client = TestClients.Create(fixture.BaseUrl, _recorder);
    }

    private static string ExpectedUserAgent
    {
        get
        {
            var informational = typeof(TrackApiClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
            return "CustomerioTrack/" + informational.Split('+')[0];
        }
    }

    [Fact]
    public async Task GetRegion()
    {
        await _client.Api.V1.Accounts.Region.GetAsync();
        AssertSent("GET", "/api/v1/accounts/region", authenticated: true, json: null);
    }

    [Theory]
    [InlineData(TrickyIdentifier, "/api/v1/customers/" + TrickyEncoded)]
    [InlineData("cio_abc123", "/api/v1/customers/cio_abc123")]
    [InlineData(UnicodeIdentifier, "/api/v1/customers/" + UnicodeEncoded)]
    [InlineData("first last", "/api/v1/customers/first%20last")]
    [InlineData("100%?#x", "/api/v1/customers/100%25%3F%23x")]
    public async Task Identify_EncodesTheIdentifierAsOnePathSegment(string identifier, string expectedPath)
    {
        await _client.Api.V1.Customers[identifier].PutAsync(new IdentifyRequest
        {
            Email = "a+b/c@x.io",
            CreatedAt = 1700000000,
            Update = true,
            AdditionalData =
            {
                ["first_name"] = "Zoë",
                ["plan"] = "pro",
                ["age"] = 42,
                ["vip"] = true,
                ["score"] = 9.5,
            },
        });

        AssertSent("PUT", expectedPath, authenticated: true, json: """
            {"email":"a+b/c@x.io","created_at":1700000000,"_update":true,
             "first_name":"Zoë","plan":"pro","age":42,"vip":true,"score":9.5}
            """);
    }

    [Fact]
    public async Task Identify_WithRelationshipsSubscriptionPreferencesAndTimestamp()
    {
        await _client.Api.V1.Customers["cio_abc123"].PutAsync(new IdentifyRequest
        {
            Id = "42",
            AnonymousId = "anon-1",
            Unsubscribed = false,
            Timestamp = 1700000001,
            CioSubscriptionPreferences = new SubscriptionPreferences { Topics = new SubscriptionPreferences_topics { AdditionalData = { ["topic_1"] = true, ["topic_2"] = false } } },
            CioRelationships = new V1Relationships
            {
                Action = V1Relationships_action.Add_relationships,
                Relationships =
                [
                    new ObjectRelationship
                    {
                        Identifiers = new ObjectIdentifiers { ObjectTypeId = "1", ObjectId = "acme" },
                        RelationshipAttributes = new Attributes { AdditionalData = { ["role"] = "admin" } },
                    },
                ],
            },
        });

        AssertSent("PUT", "/api/v1/customers/cio_abc123", authenticated: true, json: """
            {"id":"42","anonymous_id":"anon-1","unsubscribed":false,"_timestamp":1700000001,
             "cio_subscription_preferences":{"topics":{"topic_1":true,"topic_2":false}},
             "cio_relationships":{"action":"add_relationships","relationships":[
                {"identifiers":{"object_type_id":"1","object_id":"acme"},"relationship_attributes":{"role":"admin"}}]}}
            """);
    }

    [Fact]
    public async Task Identify_NestedCustomAttributeValuesAsUntypedNodes()
    {
        // The documented way to send objects, arrays and null through Kiota's AdditionalData.
        await _client.Api.V1.Customers["cio_abc123"].PutAsync(new IdentifyRequest
        {
            AdditionalData =
            {
                ["address"] = new UntypedObject(new Dictionary<string, UntypedNode>
                {
                    ["city"] = new UntypedString("Paris"),
                    ["zip"] = new UntypedInteger(75001),
                }),
                ["tags"] = new UntypedArray([new UntypedString("a"), new UntypedBoolean(true)]),
                ["nickname"] = new UntypedNull(),
            },
        });

        AssertSent("PUT", "/api/v1/customers/cio_abc123", authenticated: true, json: """
            {"address":{"city":"Paris","zip":75001},"tags":["a",true],"nickname":null}
            """);
    }

    [Fact]
    public async Task Identify_NestedCustomAttributeValuesAsPlainDictionariesAndLists()
    {
        await _client.Api.V1.Customers["cio_abc123"].PutAsync(new IdentifyRequest
        {
            AdditionalData =
            {
                ["address"] = new Dictionary<string, object> { ["city"] = "Paris", ["zip"] = 75001 },
                ["tags"] = new List<object> { "a", true, 3 },
            },
        });

        AssertSent("PUT", "/api/v1/customers/cio_abc123", authenticated: true, json: """
            {"address":{"city":"Paris","zip":75001},"tags":["a",true,3]}
            """);
    }

    [Fact]
    public async Task Delete()
    {
        await _client.Api.V1.Customers["cio_abc123"].DeleteAsync();
        AssertSent("DELETE", "/api/v1/customers/cio_abc123", authenticated: true, json: null);
    }

    [Fact]
    public async Task AddDevice()
    {
        await _client.Api.V1.Customers[UnicodeIdentifier].Devices.PutAsync(new AddDeviceRequest
        {
            Device = new V1Device
            {
                Id = "tok-1",
                Platform = V1Device_platform.Ios,
                LastUsed = 1700000000,
                Attributes = new DeviceAttributes
                {
                    DeviceOs = "iOS 17",
                    DeviceModel = "iPhone15,2",
                    AppVersion = "2.1",
                    CioSdkVersion = "3.0.0",
                    DeviceLocale = "fr-FR",
                    PushEnabled = DeviceAttributes_push_enabled.True,
                    AdditionalData = { ["theme"] = "dark" },
                },
            },
        });

        AssertSent("PUT", $"/api/v1/customers/{UnicodeEncoded}/devices", authenticated: true, json: """
            {"device":{"id":"tok-1","platform":"ios","last_used":1700000000,
              "attributes":{"device_os":"iOS 17","device_model":"iPhone15,2","app_version":"2.1","cio_sdk_version":"3.0.0",
                            "device_locale":"fr-FR","push_enabled":"true","theme":"dark"}}}
            """);
    }

    [Fact]
    public async Task DeleteDevice_EncodesBothPathParameters()
    {
        await _client.Api.V1.Customers["first last"].Devices["tok/en+1"].DeleteAsync();
        AssertSent("DELETE", "/api/v1/customers/first%20last/devices/tok%2Fen%2B1", authenticated: true, json: null);
    }

    [Fact]
    public async Task Suppress()
    {
        await _client.Api.V1.Customers[TrickyIdentifier].Suppress.PostAsync();
        AssertSent("POST", $"/api/v1/customers/{TrickyEncoded}/suppress", authenticated: true, json: null);
    }

    [Fact]
    public async Task Unsuppress()
    {
        await _client.Api.V1.Customers["cio_abc123"].Unsuppress.PostAsync();
        AssertSent("POST", "/api/v1/customers/cio_abc123/unsuppress", authenticated: true, json: null);
    }

    [Fact]
    public async Task Unsubscribe_IsSentWithoutCredentialsButWithJsonContentType()
    {
        await _client.Unsubscribe["dlv+1/x"].PostAsync(new UnsubscribeRequest { Unsubscribe = true });
        AssertSent("POST", "/unsubscribe/dlv%2B1%2Fx", authenticated: false, json: """{"unsubscribe":true}""");
    }

    [Fact]
    public async Task Track()
    {
        await _client.Api.V1.Customers[UnicodeIdentifier].Events.PostAsync(new TrackEventRequest
        {
            Id = "01HZY3V0Z6G2QK7J5WQ3N8X9AB",
            Name = "purchase",
            Type = TrackEventRequest_type.Event,
            Timestamp = 1700000000,
            Data = new EventData
            {
                Recipient = "zoë@例え.jp",
                FromAddress = "shop@x.io",
                ReplyTo = "help@x.io",
                AdditionalData = { ["price"] = 23.45, ["currency"] = "EUR" },
            },
        });

        AssertSent("POST", $"/api/v1/customers/{UnicodeEncoded}/events", authenticated: true, json: """
            {"id":"01HZY3V0Z6G2QK7J5WQ3N8X9AB","name":"purchase","type":"event","timestamp":1700000000,
             "data":{"recipient":"zoë@例え.jp","from_address":"shop@x.io","reply_to":"help@x.io","price":23.45,"currency":"EUR"}}
            """);
    }

    [Fact]
    public async Task Track_WithoutId_GetsAUlidAndIsOtherwiseUnchanged()
    {
        await _client.Api.V1.Customers["cio_abc123"].Events.PostAsync(new TrackEventRequest { Name = "signup" });

        var message = _fixture.SingleRequest();
        using var body = JsonDocument.Parse(Headers.Body(message)!);
        var id = body.RootElement.GetProperty("id").GetString();
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", id);
        // "type":"event" is the model's default (the schema's default), set by the generated constructor.
        JsonAssert.Equal($$"""{"id":"{{id}}","name":"signup","type":"event"}""", body.RootElement.GetRawText());
    }

    [Fact]
    public async Task TrackAnonymous()
    {
        await _client.Api.V1.Events.PostAsync(new AnonymousEventRequest
        {
            Id = "01HZY3V0Z6G2QK7J5WQ3N8X9AC",
            AnonymousId = "anon-1",
            Name = "https://x.io/pricing",
            Type = AnonymousEventRequest_type.Page,
            Timestamp = 1700000000,
            Data = new EventData { AdditionalData = { ["referrer"] = "google" } },
        });

        AssertSent("POST", "/api/v1/events", authenticated: true, json: """
            {"id":"01HZY3V0Z6G2QK7J5WQ3N8X9AC","anonymous_id":"anon-1","name":"https://x.io/pricing","type":"page",
             "timestamp":1700000000,"data":{"referrer":"google"}}
            """);
    }

    [Fact]
    public async Task SubmitForm()
    {
        _fixture.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/v1/forms/contact us/submit").UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(204));

        await _client.Api.V1.Forms["contact us"].Submit.PostAsync(new SubmitFormRequest
        {
            Data = new FormData { Email = "a@b.io", AdditionalData = { ["first_name"] = "Ann", ["consent"] = "yes" } },
        });

        AssertSent("POST", "/api/v1/forms/contact%20us/submit", authenticated: true, json: """
            {"data":{"email":"a@b.io","first_name":"Ann","consent":"yes"}}
            """);
    }

    [Fact]
    public async Task Merge()
    {
        await _client.Api.V1.Merge_customers.PostAsync(new MergeRequest
        {
            Primary = new PersonSelector { Email = "a@x.io" },
            Secondary = new PersonSelector { CioId = "abc123" },
        });

        AssertSent("POST", "/api/v1/merge_customers", authenticated: true, json: """
            {"primary":{"email":"a@x.io"},"secondary":{"cio_id":"abc123"}}
            """);
    }

    [Fact]
    public async Task Metrics_IsSentWithoutCredentials()
    {
        await _client.Api.V1.Metrics.PostAsync(new MetricsRequest
        {
            DeliveryId = "dlv1",
            Metric = MetricsRequest_metric.Clicked,
            Timestamp = 1700000000,
            Href = "https://x.example/a?b=c",
            Recipient = "+33612345678",
            Reason = "n/a",
            Metadata = new MetricsRequest_metadata { AdditionalData = { ["campaign"] = "spring" } },
        });

        AssertSent("POST", "/api/v1/metrics", authenticated: false, json: """
            {"delivery_id":"dlv1","metric":"clicked","timestamp":1700000000,"href":"https://x.example/a?b=c",
             "recipient":"+33612345678","reason":"n/a","metadata":{"campaign":"spring"}}
            """);
    }

    [Fact]
    public async Task PushMetrics_IsSentWithoutCredentials()
    {
#pragma warning disable CS0618 // pushMetrics is deprecated; it must still work
        await _client.Api.V1.Push.Events.PostAsync(new PushMetricsRequest
        {
            DeliveryId = "dlv1",
            Event = PushMetricsRequest_event.Opened,
            DeviceId = "tok-1",
            Timestamp = 1700000000,
        });
#pragma warning restore CS0618

        AssertSent("POST", "/api/v1/push/events", authenticated: false, json: """
            {"delivery_id":"dlv1","event":"opened","device_id":"tok-1","timestamp":1700000000}
            """);
    }

    [Fact]
    public async Task AddToSegment_WithIdType()
    {
        await _client.Api.V1.Segments[42].Add_customers.PostAsync(
            new SegmentMembershipRequest { Ids = ["a@x.io", "b+c@x.io"] },
            c => c.QueryParameters.IdType = PostId_typeQueryParameterType.Email);

        AssertSent("POST", "/api/v1/segments/42/add_customers?id_type=email", authenticated: true, json: """
            {"ids":["a@x.io","b+c@x.io"]}
            """);
    }

    [Fact]
    public async Task AddToSegment_WithoutIdType_HasNoQueryString()
    {
        await _client.Api.V1.Segments[0].Add_customers.PostAsync(new SegmentMembershipRequest { Ids = ["1"] });
        AssertSent("POST", "/api/v1/segments/0/add_customers", authenticated: true, json: """{"ids":["1"]}""");
    }

    [Fact]
    public async Task RemoveFromSegment()
    {
        await _client.Api.V1.Segments[7].Remove_customers.PostAsync(
            new SegmentMembershipRequest { Ids = ["abc", "def"] },
            c => c.QueryParameters.IdType = RemoveIdType.Cio_id);

        AssertSent("POST", "/api/v1/segments/7/remove_customers?id_type=cio_id", authenticated: true, json: """
            {"ids":["abc","def"]}
            """);
    }

    [Fact]
    public async Task Entity_PersonIdentify()
    {
        await _client.Api.V2.Entity.PostAsync(new EntityRequest
        {
            PersonIdentify = new PersonIdentify
            {
                Action = PersonIdentify_action.Identify,
                Identifiers = new PersonIdentifiers { Email = "a@x.io" },
                Timestamp = 1700000000,
                Attributes = new PersonAttributes { Update = true, AdditionalData = { ["plan"] = "pro", ["seats"] = 3 } },
                CioRelationships =
                [
                    new ObjectRelationship
                    {
                        Identifiers = new ObjectIdentifiers { ObjectTypeId = "1", ObjectId = "acme" },
                        RelationshipAttributes = new Attributes { AdditionalData = { ["role"] = "admin" } },
                    },
                ],
            },
        });

        AssertSent("POST", "/api/v2/entity", authenticated: true, json: """
            {"type":"person","action":"identify","identifiers":{"email":"a@x.io"},"timestamp":1700000000,
             "attributes":{"_update":true,"plan":"pro","seats":3},
             "cio_relationships":[{"identifiers":{"object_type_id":"1","object_id":"acme"},"relationship_attributes":{"role":"admin"}}]}
            """);
    }

    [Fact]
    public async Task Entity_ObjectIdentify()
    {
        await _client.Api.V2.Entity.PostAsync(new EntityRequest
        {
            ObjectIdentify = new ObjectIdentify
            {
                Action = ObjectIdentify_action.Identify,
                Identifiers = new ObjectIdentifiers { ObjectTypeId = "2", ObjectId = "acme" },
                Attributes = new Attributes { AdditionalData = { ["name"] = "Acme" } },
                CioRelationships = [new PersonRelationship { Identifiers = new PersonSelector { Id = "42" } }],
            },
        });

        AssertSent("POST", "/api/v2/entity", authenticated: true, json: """
            {"type":"object","action":"identify","identifiers":{"object_type_id":"2","object_id":"acme"},
             "attributes":{"name":"Acme"},"cio_relationships":[{"identifiers":{"id":"42"}}]}
            """);
    }

    [Fact]
    public async Task Entity_DeliveryEvent()
    {
        await _client.Api.V2.Entity.PostAsync(new EntityRequest
        {
            DeliveryEvent = new DeliveryEvent
            {
                Action = DeliveryEvent_action.Event,
                Identifiers = new DeliveryIdentifiers { Id = "dlv1" },
                Name = DeliveryEvent_name.Opened,
                Attributes = new DeliveryEvent_attributes { DeviceToken = "tok-1" },
            },
        });

        AssertSent("POST", "/api/v2/entity", authenticated: true, json: """
            {"type":"delivery","action":"event","identifiers":{"id":"dlv1"},"name":"opened","attributes":{"device_token":"tok-1"}}
            """);
    }

    [Fact]
    public async Task Batch()
    {
        await _client.Api.V2.Batch.PostAsync(new BatchRequest
        {
            Batch =
            [
                new EntityRequest { PersonIdentify = new PersonIdentify { Action = PersonIdentify_action.Identify, Identifiers = new PersonIdentifiers { Id = "42" } } },
                new EntityRequest
                {
                    PersonEvent = new PersonEvent
                    {
                        Action = PersonEvent_action.Event,
                        Id = "01HZY3V0Z6G2QK7J5WQ3N8X9AD",
                        Identifiers = new PersonIdentifiers { CioId = "abc123" },
                        Name = "purchase",
                        Attributes = new Attributes { AdditionalData = { ["price"] = 10 } },
                    },
                },
                new EntityRequest { ObjectDelete = new ObjectDelete { Action = ObjectDelete_action.Delete, Identifiers = new ObjectIdentifiers { CioObjectId = "obj1" } } },
                new EntityRequest { PersonAction = new PersonAction { Action = PersonAction_action.Suppress, Identifiers = new PersonIdentifiers { Phone = "+33612345678" } } },
            ],
        });

        AssertSent("POST", "/api/v2/batch", authenticated: true, json: """
            {"batch":[
              {"type":"person","action":"identify","identifiers":{"id":"42"}},
              {"type":"person","action":"event","id":"01HZY3V0Z6G2QK7J5WQ3N8X9AD","identifiers":{"cio_id":"abc123"},"name":"purchase","attributes":{"price":10}},
              {"type":"object","action":"delete","identifiers":{"cio_object_id":"obj1"}},
              {"type":"person","action":"suppress","identifiers":{"phone":"+33612345678"}}]}
            """);
    }

    private void AssertSent(string method, string pathAndQuery, bool authenticated, string? json)
    {
        var wire = Assert.Single(_recorder.Requests);
        Assert.Equal(method, wire.Method);
        Assert.Equal(pathAndQuery, wire.PathAndQuery);

        var message = _fixture.SingleRequest();
        Assert.Equal(method, message.Method);

        if (authenticated)
        {
            Assert.Equal(Credentials.ExpectedAuthorization, Headers.Single(message, "Authorization"));
        }
        else
        {
            Assert.Null(Headers.Get(message, "Authorization"));
        }

        var userAgent = Headers.Single(message, "User-Agent");
        Assert.Equal(ExpectedUserAgent, userAgent);
        Assert.Matches(@"^CustomerioTrack/\d+\.\d+\.\d+", userAgent);

        if (json is null)
        {
            Assert.True(string.IsNullOrEmpty(Headers.Body(message)), "no body expected");
            Assert.Null(Headers.Get(message, "Content-Type"));
        }
        else
        {
            Assert.Equal("application/json", Headers.Single(message, "Content-Type"));
            JsonAssert.Equal(json, Headers.Body(message));
        }
    }
}
