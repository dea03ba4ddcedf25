namespace CustomerioTrack.Mcp.Tests.Support;

/// <summary>One valid call per tool and the request it must produce.</summary>
public static class ToolCalls
{
    public const string Ulid = "01J9Z3Q5V6W7X8Y9Z0ABCDEFGH";

    public static readonly IReadOnlyList<(string Tool, string Arguments, string Method, string Path)> All =
    [
        ("AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"42","request_body":{"device":{"id":"tok-1","platform":"ios"}}}""", "PUT", "/api/v1/customers/42/devices"),
        ("AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"identifier_type":"email","request_body":{"ids":["a@b.io"]}}""", "POST", "/api/v1/segments/7/add_customers"),
        ("BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"42"},"action":"delete"}]}}""", "POST", "/api/v2/batch"),
        ("DeleteCustomer", """{"customer_identifier":"42"}""", "DELETE", "/api/v1/customers/42"),
        ("GetTrackApiRegion", "{}", "GET", "/api/v1/accounts/region"),
        ("GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"dlv1","set_unsubscribed_attribute":true}""", "POST", "/unsubscribe/dlv1"),
        ("ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{"plan":"pro"}}}""", "POST", "/api/v2/entity"),
        ("MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"id":"42"},"secondary":{"email":"a@b.io"}}}""", "POST", "/api/v1/merge_customers"),
        ("RemoveCustomerDevice", """{"customer_identifier":"42","device_unique_id":"tok-1"}""", "DELETE", "/api/v1/customers/42/devices/tok-1"),
        ("RemoveUserFromSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":["42"]}}""", "POST", "/api/v1/segments/7/remove_customers"),
        ("ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"dlv1","metric":"opened"}}""", "POST", "/api/v1/metrics"),
        ("SendCustomerEvent", """{"mode":"execute","customer_identifier":"42","request_body":{"name":"purchase","id":"@ULID@","data":{"price":1}}}""".Replace("@ULID@", Ulid), "POST", "/api/v1/customers/42/events"),
        ("SubmitFormResponse", """{"mode":"execute","form_identifier":"contact","request_body":{"data":{"email":"a@b.io"}}}""", "POST", "/api/v1/forms/contact/submit"),
        ("SuppressCustomerProfile", """{"unique_person_identifier":"42"}""", "POST", "/api/v1/customers/42/suppress"),
        ("TrackAnonymousEvent", """{"mode":"execute","request_body":{"name":"viewed","anonymous_id":"anon-1","id":"@ULID@"}}""".Replace("@ULID@", Ulid), "POST", "/api/v1/events"),
        ("UnsuppressCustomerProfile", """{"customer_identifier":"42"}""", "POST", "/api/v1/customers/42/unsuppress"),
        ("UpdateOrAddPerson", """{"mode":"execute","person_identifier":"42","request_body":{"email":"a@b.io"}}""", "PUT", "/api/v1/customers/42"),
    ];

    public static TheoryData<string> Names => new(All.Select(c => c.Tool));

    public static (string Tool, string Arguments, string Method, string Path) For(string tool) => All.Single(c => c.Tool == tool);
}
