// One call per tool, with the request each must produce on the wire (method and path).
export const ULID = "01J9Z3Q5V6W7X8Y9Z0ABCDEFGH";

export const calls = [
  { name: "AddDeviceToCustomerProfile", args: { mode: "execute", unique_person_identifier: "42", request_body: { device: { id: "tok-1", platform: "ios" } } }, request: "PUT /api/v1/customers/42/devices" },
  { name: "AddPeopleToSegment", args: { mode: "execute", segment_identifier: 7, identifier_type: "email", request_body: { ids: ["a@b.io"] } }, request: "POST /api/v1/segments/7/add_customers" },
  { name: "BatchProcessRequests", args: { mode: "execute", request_body: { batch: [{ type: "person", identifiers: { id: "42" }, action: "delete" }] } }, request: "POST /api/v2/batch" },
  { name: "DeleteCustomer", args: { customer_identifier: "42" }, request: "DELETE /api/v1/customers/42" },
  { name: "GetTrackApiRegion", args: {}, request: "GET /api/v1/accounts/region" },
  { name: "GlobalUnsubscribeUser", args: { delivery_id_for_unsubscription: "dlv1", set_unsubscribed_attribute: true }, request: "POST /unsubscribe/dlv1" },
  { name: "ManageEntity", args: { mode: "execute", request_body: { type: "person", identifiers: { id: "42" }, action: "identify", attributes: { plan: "pro" } } }, request: "POST /api/v2/entity" },
  { name: "MergeCustomerProfiles", args: { mode: "execute", request_body: { primary: { id: "42" }, secondary: { email: "a@b.io" } } }, request: "POST /api/v1/merge_customers" },
  { name: "RemoveCustomerDevice", args: { customer_identifier: "42", device_unique_id: "tok-1" }, request: "DELETE /api/v1/customers/42/devices/tok-1" },
  { name: "RemoveUserFromSegment", args: { mode: "execute", segment_identifier: 7, request_body: { ids: ["42"] } }, request: "POST /api/v1/segments/7/remove_customers" },
  { name: "ReportCustomMetrics", args: { mode: "execute", request_body: { delivery_id: "dlv1", metric: "opened" } }, request: "POST /api/v1/metrics" },
  { name: "SendCustomerEvent", args: { mode: "execute", customer_identifier: "42", request_body: { name: "purchase", id: ULID, data: { price: 1 } } }, request: "POST /api/v1/customers/42/events" },
  { name: "SubmitFormResponse", args: { mode: "execute", form_identifier: "contact", request_body: { data: { email: "a@b.io" } } }, request: "POST /api/v1/forms/contact/submit" },
  { name: "SuppressCustomerProfile", args: { unique_person_identifier: "42" }, request: "POST /api/v1/customers/42/suppress" },
  { name: "TrackAnonymousEvent", args: { mode: "execute", request_body: { name: "viewed", anonymous_id: "anon-1", id: ULID } }, request: "POST /api/v1/events" },
  { name: "UnsuppressCustomerProfile", args: { customer_identifier: "42" }, request: "POST /api/v1/customers/42/unsuppress" },
  { name: "UpdateOrAddPerson", args: { mode: "execute", person_identifier: "42", request_body: { email: "a@b.io" } }, request: "PUT /api/v1/customers/42" },
];
