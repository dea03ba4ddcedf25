using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerioTrack.Tools.Tests.Support;

namespace CustomerioTrack.Tools.Tests;

/// <summary>
/// Issue 5 §7: a corpus of bad input across every tool (the 17 default tools plus the opt-in ReportPushMetrics), mode
/// and parameter errors, schema breaks and Track limits. Each case is rejected before any request (the stub's log stays
/// empty) with a problem naming the field, the rule and what is wrong.
/// </summary>
public sealed class BadInputCorpusTests
{
    private static string A(int bytes, char c = 'a') => new(c, bytes);

    // Arguments as JSON text, request_body given as a JsonObject (for generated, oversized content).
    private static string Args(JsonObject body, params (string Name, JsonNode? Value)[] parameters)
    {
        var arguments = new JsonObject { ["mode"] = "execute" };
        foreach (var (name, value) in parameters)
        {
            arguments[name] = value;
        }

        arguments["request_body"] = body;
        return arguments.ToJsonString();
    }

    private static JsonObject Many(int count, Func<int, JsonNode?> value)
    {
        var attributes = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            attributes["k" + i] = value(i);
        }

        return attributes;
    }

    public static TheoryData<string, string, string, string, string> Corpus => new()
    {
        // ---- arguments given twice (JSON allows it; which one to take would be a guess)
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","person_identifier":"2","request_body":{"plan":"pro"}}""", "person_identifier", "duplicate", "'person_identifier' is given more than once; give each argument once" },

        // ---- AddDeviceToCustomerProfile
        { "AddDeviceToCustomerProfile", """{"unique_person_identifier":"1","request_body":{"device":{"id":"t","platform":"ios"}}}""", "mode", "required", "'mode' is required" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","request_body":{"device":{"id":"t","platform":"ios"}}}""", "unique_person_identifier", "required", "'unique_person_identifier' is required to execute AddDeviceToCustomerProfile" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"1","request_body":{}}""", "request_body", "required", "missing required property 'device'" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"1","request_body":{"device":{"id":"t"}}}""", "request_body/device", "required", "missing required property 'platform'" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"1","request_body":{"device":{"id":"t","platform":"windows"}}}""", "request_body/device/platform", "enum", "must be one of \"ios\", \"android\"" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"1","request_body":{"device":{"id":"","platform":"ios"}}}""", "request_body/device/id", "minLength", "must not be empty" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"1","request_body":{"device":{"id":"t","platform":"ios","last_used":1700000000000}}}""", "request_body/device/last_used", "timestampUnit", "1700000000000 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"1","request_body":{"device":{"id":"t","platform":"ios","attributes":{"app_version":5}}}}""", "request_body/device/attributes/app_version", "type", "must be of type string, not integer" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"1","request_body":{"device":{"id":"t","platform":"ios"},"user":1}}""", "request_body/user", "additionalProperties", "property 'user' is not allowed here" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"..","request_body":{"device":{"id":"t","platform":"ios"}}}""", "unique_person_identifier", "pattern", "'unique_person_identifier' cannot be \"..\": it would name a different path" },
        { "AddDeviceToCustomerProfile", """{"mode":"execute","unique_person_identifier":"1","request_body":{"device":{"id":"t","platform":"ios","last_used":"2023-11-14T22:13:20Z"}}}""", "request_body/device/last_used", "timestampFormat", "is a date string; Track timestamps are integer unix seconds: send 1700000000" },

        // ---- AddPeopleToSegment
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":"seven","request_body":{"ids":["1"]}}""", "segment_identifier", "type", "'segment_identifier' must be an integer, not \"seven\"" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":7.5,"request_body":{"ids":["1"]}}""", "segment_identifier", "type", "'segment_identifier' must be an integer, not 7.5" },
        { "AddPeopleToSegment", """{"mode":"execute","request_body":{"ids":["1"]}}""", "segment_identifier", "required", "'segment_identifier' is required to execute AddPeopleToSegment" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"identifier_type":"phone","request_body":{"ids":["1"]}}""", "identifier_type", "enum", "'identifier_type' must be one of \"id\", \"email\", \"cio_id\", not \"phone\"" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":[]}}""", "request_body/ids", "minItems", "must not be empty: give at least one item" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":[""]}}""", "request_body/ids/0", "minLength", "must not be empty" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":["1",42]}}""", "request_body/ids/1", "type", "must be of type string, not integer" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"request_body":{}}""", "request_body", "required", "missing required property 'ids'" },
        { "AddPeopleToSegment", Args(new JsonObject { ["ids"] = new JsonArray("ok", A(151)) }, ("segment_identifier", 7)), "request_body/ids/1", "maxBytes", "is 151 bytes (UTF-8); Customer.io allows at most 150 bytes per person id" },
        { "AddPeopleToSegment", """{"mode":"run","segment_identifier":7,"request_body":{"ids":["1"]}}""", "mode", "enum", "'mode' must be \"get_request_schema\" or \"execute\", not \"run\"" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":7,"request_body":"ids: 1"}""", "request_body", "json", "'request_body' is not valid JSON" },

        // ---- RemoveUserFromSegment
        { "RemoveUserFromSegment", """{"mode":"execute","segment_identifier":7,"identification_type":"phone","request_body":{"ids":["1"]}}""", "identification_type", "enum", "'identification_type' must be one of \"id\", \"email\", \"cio_id\", not \"phone\"" },
        { "RemoveUserFromSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":"42"}}""", "request_body/ids", "type", "must be of type array, not string" },
        { "RemoveUserFromSegment", """{"mode":"execute","segment":7,"request_body":{"ids":["1"]}}""", "segment", "unknown", "'segment' is not a parameter of RemoveUserFromSegment; it takes: mode, segment_identifier, identification_type, request_body" },
        { "RemoveUserFromSegment", """{"mode":"execute","segment_identifier":7,"request_body":["1"]}""", "request_body", "type", "'request_body' must be a JSON object, not array" },
        { "RemoveUserFromSegment", """{"mode":"execute","segment_identifier":7,"request_body":{"ids":["1"],"id_type":"email"}}""", "request_body/id_type", "additionalProperties", "property 'id_type' is not allowed here" },
        { "RemoveUserFromSegment", """{"mode":"execute","segment_identifier":true,"request_body":{"ids":["1"]}}""", "segment_identifier", "type", "'segment_identifier' must be an integer, not true" },

        // ---- BatchProcessRequests
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[]}}""", "request_body/batch", "minItems", "must not be empty: give at least one item" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{}}""", "request_body", "required", "missing required property 'batch'" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":"x"}}""", "request_body/batch", "type", "must be of type array, not string" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"robot","identifiers":{"id":"1"},"action":"delete"}]}}""", "request_body/batch/0/type", "enum", "must be one of" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"},{"type":"person","identifiers":{"id":"1","email":"a@b.io"},"action":"delete"}]}}""", "request_body/batch/1/identifiers", "maxProperties", "must have exactly one property (one of: id, email, phone, cio_id), found 2" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"event"}]}}""", "request_body/batch/0", "required", "missing required property 'name'" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete","data":{}}]}}""", "request_body/batch/0/data", "additionalProperties", "property 'data' is not allowed here" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"phone":"555-1234"},"action":"delete"}]}}""", "request_body/batch/0/identifiers/phone", "pattern", "must be an E.164 phone number: + then the country code and number, digits only, e.g. \"+14155550100\", not \"555-1234\"" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"cio_id":"cio_03000001"},"action":"delete"}]}}""", "request_body/batch/0/identifiers/cio_id", "pattern", "must be the id without its \"cio_\" prefix, not \"cio_03000001\"" },
        { "BatchProcessRequests", """{"mode":"execute","request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"identify","timestamp":1700000000000}]}}""", "request_body/batch/0/timestamp", "timestampUnit", "send 1700000000" },
        { "BatchProcessRequests", Args(new JsonObject { ["batch"] = new JsonArray(new JsonObject { ["type"] = "person", ["identifiers"] = new JsonObject { ["id"] = "1" }, ["action"] = "identify", ["attributes"] = Many(40, _ => A(900)) }) }), "request_body/batch/0", "maxBytes", "each batch item must be at most 32,000 bytes" },
        { "BatchProcessRequests", Args(new JsonObject { ["batch"] = new JsonArray(new JsonObject { ["type"] = "object", ["identifiers"] = new JsonObject { ["object_type_id"] = "1", ["object_id"] = "o" }, ["action"] = "identify", ["attributes"] = Many(301, i => i) }) }), "request_body/batch/0/attributes", "maxAttributes", "has 301 attributes; Customer.io accepts at most 300" },
        { "BatchProcessRequests", """{"request_body":{"batch":[{"type":"person","identifiers":{"id":"1"},"action":"delete"}]}}""", "mode", "required", "'mode' is required" },

        // ---- DeleteCustomer
        { "DeleteCustomer", """{}""", "customer_identifier", "required", "'customer_identifier' is required to execute DeleteCustomer" },
        { "DeleteCustomer", """{"customer_identifier":""}""", "customer_identifier", "minLength", "'customer_identifier' must not be empty or blank" },
        { "DeleteCustomer", """{"customer_identifier":"\t "}""", "customer_identifier", "minLength", "'customer_identifier' must not be empty or blank" },
        { "DeleteCustomer", """{"customer_identifier":"."}""", "customer_identifier", "pattern", "'customer_identifier' cannot be \".\": it would name a different path" },
        { "DeleteCustomer", """{"customer_identifier":"a\tb"}""", "customer_identifier", "pattern", "'customer_identifier' contains the control character U+0009; remove it" },
        { "DeleteCustomer", """{"customer_identifier":"a\u007fb"}""", "customer_identifier", "pattern", "'customer_identifier' contains the control character U+007F; remove it" },
        { "DeleteCustomer", """{"customer_identifier":" 42"}""", "customer_identifier", "pattern", "'customer_identifier' has leading or trailing whitespace" },
        { "DeleteCustomer", "{\"customer_identifier\":\"" + A(151) + "\"}", "customer_identifier", "maxBytes", "'customer_identifier' is 151 bytes long (UTF-8) and reads as a person id (no '@', no cio_ prefix); Customer.io allows at most 150 bytes per person id" },
        { "DeleteCustomer", "{\"customer_identifier\":\"" + A(76, 'é') + "\"}", "customer_identifier", "maxBytes", "'customer_identifier' is 152 bytes long (UTF-8)" },
        { "DeleteCustomer", """{"customer_identifier":true}""", "customer_identifier", "type", "'customer_identifier' must be a string, not true" },
        { "DeleteCustomer", """{"customer_identifier":"42","request_body":{}}""", "request_body", "unknown", "DeleteCustomer has no 'request_body' parameter; it takes: customer_identifier" },

        // ---- GetTrackApiRegion
        { "GetTrackApiRegion", """{"region":"eu"}""", "region", "unknown", "'region' is not a parameter of GetTrackApiRegion" },
        { "GetTrackApiRegion", """{"mode":"execute"}""", "mode", "unknown", "GetTrackApiRegion has no 'mode' parameter" },
        { "GetTrackApiRegion", """[1]""", "arguments", "type", "arguments must be a JSON object of parameter names to values" },
        { "GetTrackApiRegion", "\"eu\"", "arguments", "type", "arguments must be a JSON object of parameter names to values" },

        // ---- GlobalUnsubscribeUser
        { "GlobalUnsubscribeUser", """{"set_unsubscribed_attribute":true}""", "delivery_id_for_unsubscription", "required", "'delivery_id_for_unsubscription' is required to execute GlobalUnsubscribeUser" },
        { "GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"d","set_unsubscribed_attribute":"yes"}""", "set_unsubscribed_attribute", "type", "'set_unsubscribed_attribute' must be a boolean (true or false), not \"yes\"" },
        { "GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"d","set_unsubscribed_attribute":1}""", "set_unsubscribed_attribute", "type", "'set_unsubscribed_attribute' must be a boolean (true or false), not 1" },
        { "GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":""}""", "delivery_id_for_unsubscription", "minLength", "must not be empty or blank" },
        { "GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"a\u0000b"}""", "delivery_id_for_unsubscription", "pattern", "contains the control character U+0000; remove it" },
        { "GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"d","request_body":{"unsubscribe":true}}""", "request_body", "unknown", "GlobalUnsubscribeUser has no 'request_body' parameter" },
        { "GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"d","mode":"execute"}""", "mode", "unknown", "GlobalUnsubscribeUser has no 'mode' parameter" },

        // ---- ManageEntity
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1","email":"a@b.io"},"action":"delete"}}""", "request_body/identifiers", "maxProperties", "must have exactly one property (one of: id, email, phone, cio_id), found 2" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{},"action":"delete"}}""", "request_body/identifiers", "minProperties", "must have exactly one property (one of: id, email, phone, cio_id), found 0" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"fly"}}""", "request_body/action", "enum", "must be one of" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"event"}}""", "request_body", "required", "missing required property 'name'" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"robot","identifiers":{"id":"1"},"action":"delete"}}""", "request_body/type", "enum", "must be one of" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"delivery","identifiers":{"id":"d"},"action":"event","name":"clicked","attributes":{"device_token":"t"}}}""", "request_body/name", "enum", "must be one of \"opened\", \"converted\", \"delivered\"" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"delivery","identifiers":{"id":"d"},"action":"event","name":"opened","attributes":{}}}""", "request_body/attributes", "required", "missing required property 'device_token'" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"object","identifiers":{"object_type_id":"abc","object_id":"o"},"action":"delete"}}""", "request_body/identifiers/object_type_id", "pattern", "must be a positive whole number written as a string, e.g. \"1\", not \"abc\"" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"event","name":"x","id":"not-a-ulid"}}""", "request_body/id", "pattern", "must be a 26-character ULID (Crockford base32) unique to this event (Customer.io drops any event whose id it has already seen), or left out: the tools assign one, not \"not-a-ulid\"" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"add_device","device":{"platform":"ios"}}}""", "request_body/device", "required", "missing required property 'token'" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","action":"merge","primary":{"id":"1"}}}""", "request_body", "required", "missing required property 'secondary'" },
        { "ManageEntity", """{"mode":"execute"}""", "request_body", "required", "'request_body' is required to execute ManageEntity" },
        { "ManageEntity", Args(new JsonObject { ["type"] = "person", ["identifiers"] = new JsonObject { ["id"] = A(151) }, ["action"] = "delete" }), "request_body/identifiers/id", "maxBytes", "the person id is 151 bytes (UTF-8); Customer.io allows at most 150 bytes" },
        { "ManageEntity", Args(new JsonObject { ["type"] = "person", ["identifiers"] = new JsonObject { ["id"] = "1" }, ["action"] = "identify", ["attributes"] = Many(301, i => i) }), "request_body/attributes", "maxAttributes", "has 301 attributes" },
        { "ManageEntity", Args(new JsonObject { ["type"] = "person", ["identifiers"] = new JsonObject { ["id"] = "1" }, ["action"] = "screen", ["name"] = A(101) }), "request_body/name", "maxBytes", "the event name is 101 bytes (UTF-8); Customer.io allows at most 100 bytes" },
        { "ManageEntity", Args(new JsonObject { ["type"] = "person", ["identifiers"] = new JsonObject { ["id"] = "1" }, ["action"] = "identify", ["attributes"] = Many(40, _ => A(900)) }), "request_body", "maxBytes", "a v2 entity request must be smaller than 32,000 bytes" },
        { "ManageEntity", """{"mode":"execute","request_body":{"type":"person","identifiers":{"id":"1"},"action":"event","name":"x","timestamp":"2024-01-01T00:00:00Z"}}""", "request_body/timestamp", "timestampFormat", "\"2024-01-01T00:00:00Z\" is a date string; Track timestamps are integer unix seconds: send 1704067200" },
        { "ManageEntity", Args(new JsonObject { ["type"] = "object", ["identifiers"] = new JsonObject { ["object_type_id"] = "1", ["object_id"] = "o" }, ["action"] = "identify", ["attributes"] = new JsonObject { ["logo"] = A(2000) } }), "request_body/attributes/logo", "maxBytes", "the value of attribute 'logo' is 2,000 bytes (UTF-8)" },

        // ---- MergeCustomerProfiles
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"id":"1","email":"a@b.io"},"secondary":{"id":"2"}}}""", "request_body/primary", "maxProperties", "must have exactly one property (one of: id, email, cio_id), found 2" },
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{},"secondary":{"id":"2"}}}""", "request_body/primary", "minProperties", "found 0" },
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"id":"1"}}}""", "request_body", "required", "missing required property 'secondary'" },
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"id":""},"secondary":{"id":"2"}}}""", "request_body/primary/id", "minLength", "must not be empty" },
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"cio_id":"cio_123"},"secondary":{"id":"2"}}}""", "request_body/primary/cio_id", "pattern", "must be the id without its \"cio_\" prefix, not \"cio_123\"" },
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":"42","secondary":{"id":"2"}}}""", "request_body/primary", "type", "must be of type object, not string" },
        { "MergeCustomerProfiles", """{"mode":"execute","request_body":{"primary":{"id":"1"},"secondary":{"phone":"+15551234567"}}}""", "request_body/secondary/phone", "additionalProperties", "property 'phone' is not allowed here" },
        { "MergeCustomerProfiles", Args(new JsonObject { ["primary"] = new JsonObject { ["id"] = "1" }, ["secondary"] = new JsonObject { ["id"] = A(151) } }), "request_body/secondary/id", "maxBytes", "the person id is 151 bytes (UTF-8)" },

        // ---- RemoveCustomerDevice
        { "RemoveCustomerDevice", """{"customer_identifier":"1"}""", "device_unique_id", "required", "'device_unique_id' is required to execute RemoveCustomerDevice" },
        { "RemoveCustomerDevice", """{"customer_identifier":"1","device_unique_id":".."}""", "device_unique_id", "pattern", "'device_unique_id' cannot be \"..\"" },
        { "RemoveCustomerDevice", """{"customer_identifier":"1","device_unique_id":""}""", "device_unique_id", "minLength", "'device_unique_id' must not be empty or blank" },
        { "RemoveCustomerDevice", """{"customer_identifier":"a\rb","device_unique_id":"t"}""", "customer_identifier", "pattern", "contains the control character U+000D" },
        { "RemoveCustomerDevice", """{"customer_identifier":"1","device_id":"t"}""", "device_id", "unknown", "'device_id' is not a parameter of RemoveCustomerDevice; use 'device_unique_id' instead (it takes: customer_identifier, device_unique_id)" },

        // ---- ReportCustomMetrics
        { "ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d","metric":"read"}}""", "request_body/metric", "enum", "must be one of \"bounced\", \"clicked\"" },
        { "ReportCustomMetrics", """{"mode":"execute","request_body":{"metric":"opened"}}""", "request_body", "required", "missing required property 'delivery_id'" },
        { "ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d","metric":"opened","timestamp":1700000000000}}""", "request_body/timestamp", "timestampUnit", "looks like milliseconds" },
        { "ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d","metric":"opened","timestamp":"2023-11-14T22:13:20+00:00"}}""", "request_body/timestamp", "timestampFormat", "send 1700000000" },
        { "ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"","metric":"opened"}}""", "request_body/delivery_id", "minLength", "must not be empty" },
        { "ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d","metric":"clicked","metadata":"x"}}""", "request_body/metadata", "type", "must be of type object, not string" },
        { "ReportCustomMetrics", """{"mode":"execute","request_body":{"delivery_id":"d","metric":"opened","device":"t"}}""", "request_body/device", "additionalProperties", "property 'device' is not allowed here" },

        // ---- SendCustomerEvent
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"1","request_body":{"name":"x","data":""}}""", "request_body/data", "type", "must be of type object, not string" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"1","request_body":{"name":""}}""", "request_body/name", "minLength", "must not be empty" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"1","request_body":{"data":{}}}""", "request_body", "required", "missing required property 'name'" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"1","request_body":{"name":"x","type":"click"}}""", "request_body/type", "enum", "must be one of \"event\", \"page\", \"screen\"" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"1","request_body":{"name":"x","timestamp":1700000000000}}""", "request_body/timestamp", "timestampUnit", "1700000000000 looks like milliseconds" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"1","request_body":{"name":"x","timestamp":"2024-01-01T00:00:00Z"}}""", "request_body/timestamp", "timestampFormat", "send 1704067200" },
        { "SendCustomerEvent", """{"mode":"execute","customer_identifier":"1","request_body":{"name":"x","id":"123"}}""", "request_body/id", "pattern", "must be a 26-character ULID" },
        { "SendCustomerEvent", """{"mode":"execute","request_body":{"name":"x"}}""", "customer_identifier", "required", "'customer_identifier' is required to execute SendCustomerEvent" },
        { "SendCustomerEvent", Args(new JsonObject { ["name"] = A(101) }, ("customer_identifier", "1")), "request_body/name", "maxBytes", "the event name is 101 bytes (UTF-8)" },
        { "SendCustomerEvent", Args(new JsonObject { ["name"] = "x", ["data"] = new JsonObject { ["blob"] = A(100_000) } }, ("customer_identifier", "1")), "request_body/data", "maxBytes", "the event data is 100,011 bytes serialized as JSON; Customer.io allows at most 100,000 bytes" },

        // ---- SubmitFormResponse
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":"f","request_body":{"data":{"email":"a@b.io","id":"1"}}}""", "request_body/data", "oneOf", "matches 2 of the 2 allowed shapes but must match exactly one" },
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":"f","request_body":{"data":{"name":"Ann"}}}""", "request_body/data", "required", "missing required property" },
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":"f","request_body":{"data":{"email":"a@b.io","age":5}}}""", "request_body/data/age", "type", "must be of type string, not integer" },
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":"f","request_body":{}}""", "request_body", "required", "missing required property 'data'" },
        { "SubmitFormResponse", """{"mode":"execute","request_body":{"data":{"email":"a@b.io"}}}""", "form_identifier", "required", "'form_identifier' is required to execute SubmitFormResponse" },
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":".","request_body":{"data":{"email":"a@b.io"}}}""", "form_identifier", "pattern", "'form_identifier' cannot be \".\"" },

        // ---- SuppressCustomerProfile
        { "SuppressCustomerProfile", """{}""", "unique_person_identifier", "required", "'unique_person_identifier' is required to execute SuppressCustomerProfile" },
        { "SuppressCustomerProfile", """{"unique_person_identifier":""}""", "unique_person_identifier", "minLength", "must not be empty or blank" },
        { "SuppressCustomerProfile", """{"unique_person_identifier":"a\nb"}""", "unique_person_identifier", "pattern", "contains the control character U+000A" },
        { "SuppressCustomerProfile", """{"unique_person_identifier":"1","reason":"spam"}""", "reason", "unknown", "'reason' is not a parameter of SuppressCustomerProfile" },

        // ---- TrackAnonymousEvent
        { "TrackAnonymousEvent", """{"mode":"execute","request_body":{"anonymous_id":"a"}}""", "request_body", "required", "missing required property 'name'" },
        { "TrackAnonymousEvent", """{"mode":"execute","request_body":{"name":"x","anonymous_id":""}}""", "request_body/anonymous_id", "minLength", "must not be empty" },
        { "TrackAnonymousEvent", """{"mode":"execute","request_body":{"name":"x","anonymous_id":"a","timestamp":1700000000000000}}""", "request_body/timestamp", "timestampUnit", "looks like microseconds; Track timestamps are integer unix seconds: send 1700000000" },
        { "TrackAnonymousEvent", """{"mode":"execute","request_body":{"name":"x","anonymous_id":"a","data":5}}""", "request_body/data", "type", "must be of type object, not integer" },
        { "TrackAnonymousEvent", Args(new JsonObject { ["name"] = A(40, '€'), ["anonymous_id"] = "a" }), "request_body/name", "maxBytes", "the event name is 120 bytes (UTF-8)" },
        { "TrackAnonymousEvent", """{"mode":"get_schema"}""", "mode", "enum", "'mode' must be \"get_request_schema\" or \"execute\", not \"get_schema\"" },

        // ---- UnsuppressCustomerProfile
        { "UnsuppressCustomerProfile", """{"customer_identifier":".."}""", "customer_identifier", "pattern", "cannot be \"..\"" },
        { "DeleteCustomer", """{"customer_identifier":"a\ud800b"}""", "customer_identifier", "unicode", "'customer_identifier' contains \\uD800, half of a UTF-16 surrogate pair without its other half; it is not a Unicode character and cannot be sent. Send the real characters (one outside the Basic Multilingual Plane is a pair, such as \\uD83D\\uDE00)" },
        { "RemoveCustomerDevice", """{"customer_identifier":"1","device_unique_id":"\udfff"}""", "device_unique_id", "unicode", "'device_unique_id' contains \\uDFFF, half of" },
        { "GlobalUnsubscribeUser", """{"delivery_id_for_unsubscription":"d\ud83d"}""", "delivery_id_for_unsubscription", "unicode", "'delivery_id_for_unsubscription' contains \\uD83D, half of" },
        { "SubmitFormResponse", """{"mode":"execute","form_identifier":"\ude00f","request_body":{"data":{"id":"1"}}}""", "form_identifier", "unicode", "'form_identifier' contains \\uDE00" },
        { "SubmitFormResponse", """{"mode":"\ud800","form_identifier":"f","request_body":{"data":{"id":"1"}}}""", "mode", "unicode", "'mode' contains \\uD800" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{"plan":["ok","x\ud83d\u0041"]}}""", "request_body/plan/1", "unicode", "'request_body/plan/1' contains \\uD83D" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{"a\udc00":1}}""", "request_body/a\\udc00", "unicode", "the key request_body/a\\udc00 contains \\uDC00" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":"{\"plan\":\"\\ud800\"}"}""", "request_body/plan", "unicode", "'request_body/plan' contains \\uD800" },
        { "AddPeopleToSegment", """{"mode":"execute","segment_identifier":"7\ud800","request_body":{"ids":["1"]}}""", "segment_identifier", "unicode", "'segment_identifier' contains \\uD800" },
        { "DeleteCustomer", """{"customer\ud800":"1"}""", "customer\\ud800", "unicode", "the key customer\\ud800 contains \\uD800" },
        { "UnsuppressCustomerProfile", """{}""", "customer_identifier", "required", "'customer_identifier' is required to execute UnsuppressCustomerProfile" },
        { "UnsuppressCustomerProfile", """{"customer_identifier":{"id":"1"}}""", "customer_identifier", "type", "'customer_identifier' must be a string" },

        // ---- UpdateOrAddPerson
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{"created_at":1700000000000}}""", "request_body/created_at", "timestampUnit", "1700000000000 looks like milliseconds; Track timestamps are integer unix seconds: send 1700000000" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{"_timestamp":"2023-11-14T22:13:20Z"}}""", "request_body/_timestamp", "timestampFormat", "send 1700000000" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{"created_at":"1700000000"}}""", "request_body/created_at", "timestampFormat", "send 1700000000 without quotes" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{"email":5}}""", "request_body/email", "type", "must be of type string, not integer" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{"_update":"yes"}}""", "request_body/_update", "type", "must be of type boolean, not string" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{"unsubscribed":"no"}}""", "request_body/unsubscribed", "type", "must be of type boolean, not string" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{"id":""}}""", "request_body/id", "minLength", "must not be empty" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{"cio_relationships":{"action":"link","relationships":[{"identifiers":{"object_type_id":"1","object_id":"a"}}]}}}""", "request_body/cio_relationships/action", "enum", "must be one of \"add_relationships\", \"delete_relationships\"" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":{"cio_subscription_preferences":{"topics":{"topic_1":"yes"}}}}""", "request_body/cio_subscription_preferences/topics/topic_1", "type", "must be of type boolean, not string" },
        { "UpdateOrAddPerson", """{"mode":"execute","person_identifier":"1","request_body":"{\"email\":"}""", "request_body", "json", "'request_body' is not valid JSON" },
        { "UpdateOrAddPerson", Args(new JsonObject { ["id"] = A(151) }, ("person_identifier", "1")), "request_body/id", "maxBytes", "the person id is 151 bytes (UTF-8); Customer.io allows at most 150 bytes" },
        { "UpdateOrAddPerson", Args(Many(301, i => i), ("person_identifier", "1")), "request_body", "maxAttributes", "has 301 attributes; Customer.io accepts at most 300 attributes in one call" },
        { "UpdateOrAddPerson", Args(new JsonObject { ["bio"] = A(1001) }, ("person_identifier", "1")), "request_body/bio", "maxBytes", "the value of attribute 'bio' is 1,001 bytes (UTF-8); Customer.io allows at most 1,000 bytes per attribute value" },
        { "UpdateOrAddPerson", Args(new JsonObject { [A(151, 'n')] = true }, ("person_identifier", "1")), "request_body/" + A(151, 'n'), "maxBytes", "is 151 bytes (UTF-8); Customer.io allows at most 150 bytes per attribute name" },
        { "UpdateOrAddPerson", "{\"mode\":\"execute\",\"person_identifier\":\"" + A(151) + "\",\"request_body\":{}}", "person_identifier", "maxBytes", "is 151 bytes long (UTF-8) and reads as a person id (no '@', no cio_ prefix); Customer.io allows at most 150 bytes per person id" },

        // ---- ReportPushMetrics (deprecated, opt-in)
        { "ReportPushMetrics", """{"mode":"execute","request_body":{"delivery_id":"d","event":"clicked"}}""", "request_body/event", "enum", "must be one of \"opened\", \"converted\", \"delivered\"" },
        { "ReportPushMetrics", """{"mode":"execute","request_body":{"delivery_id":"d","event":"opened","timestamp":1700000000000}}""", "request_body/timestamp", "timestampUnit", "send 1700000000" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Bad_input_is_rejected_before_any_request_with_a_message_that_names_the_problem(string tool, string arguments, string field, string rule, string message)
    {
        using var stub = new TrackStub();

        var result = await stub.Tools.InvokeAsync(tool, arguments);

        Assert.True(result.IsError, result.ToJson());
        Assert.Empty(stub.Requests);
        var error = result.Content["error"]!;
        Assert.False(error["sent"]!.GetValue<bool>());
        Assert.StartsWith($"{tool} was not called: ", error["message"]!.GetValue<string>());
        var problems = LimitsTests.Problems(result);
        Assert.True(
            problems.Any(p => p.Field == field && p.Rule == rule && p.Message.Contains(message, StringComparison.Ordinal)),
            "Problems: " + string.Join(" | ", problems.Select(p => $"{p.Field} [{p.Rule}] {p.Message}")));
    }

    [Fact]
    public async Task An_unpaired_surrogate_in_arguments_given_by_name_is_a_tool_error_not_an_exception()
    {
        // As an MCP request carries them: one element per argument, read from JSON text that escapes half a pair.
        using var stub = new TrackStub();
        using var document = JsonDocument.Parse("""{"mode":"execute","person_identifier":"a\ud800","request_body":{"plan":"\udfff"}}""");
        var arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);

        var result = await stub.Tools.InvokeAsync("UpdateOrAddPerson", arguments);

        Assert.True(result.IsError, result.ToJson());
        Assert.Empty(stub.Requests);
        Assert.Equal(
            ["person_identifier unicode", "request_body/plan unicode"],
            LimitsTests.Problems(result).Select(p => p.Field + " " + p.Rule));
    }

    [Fact]
    public void The_corpus_covers_every_tool_with_at_least_100_cases()
    {
        var cases = Corpus.Select(row => (string)row[0]).ToList();
        using var stub = new TrackStub();

        Assert.True(cases.Count >= 100, cases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(18, stub.Tools.Definitions.Count);
        Assert.Empty(stub.Tools.Definitions.Select(t => t.Name).Except(cases));
    }
}
