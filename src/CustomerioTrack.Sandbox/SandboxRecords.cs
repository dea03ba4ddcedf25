using System.Text.Json.Nodes;

namespace CustomerioTrack.Sandbox;

/// <summary>A person in the sandbox.</summary>
public sealed record SandboxPerson(string CioId, string? Id, string? Email, string? Phone, JsonObject Attributes, bool Unsubscribed, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A device (push token) of a person.</summary>
public sealed record SandboxDevice(string Token, string Platform, long? LastUsed, JsonObject Attributes, DateTimeOffset UpdatedAt);

/// <summary>A stored event: a person's (<see cref="PersonCioId"/>) or anonymous (<see cref="AnonymousId"/>; both null for an invite event).</summary>
public sealed record SandboxEvent(long Seq, string? EventId, string? PersonCioId, string? AnonymousId, string Type, string Name, JsonNode? Data, long Timestamp, DateTimeOffset ReceivedAt, string Source);

/// <summary>A manual segment and its members' cio_ids.</summary>
public sealed record SandboxSegment(long SegmentId, IReadOnlyList<string> MemberCioIds);

/// <summary>A relationship between a person (or anonymous id) and an object.</summary>
public sealed record SandboxRelationship(string ObjectTypeId, string ObjectId, string CioObjectId, string? PersonCioId, string? AnonymousId, JsonObject Attributes);

/// <summary>An object (v2).</summary>
public sealed record SandboxObject(string ObjectTypeId, string ObjectId, string CioObjectId, JsonObject Attributes, IReadOnlyList<SandboxRelationship> Relationships, DateTimeOffset UpdatedAt);

/// <summary>A person with everything attached to them.</summary>
public sealed record SandboxPersonDetail(SandboxPerson Person, IReadOnlyList<SandboxDevice> Devices, IReadOnlyList<SandboxEvent> Events, IReadOnlyList<long> Segments, IReadOnlyList<SandboxRelationship> Relationships);

/// <summary>A suppressed identifier (kind id, email, cio_id or phone).</summary>
public sealed record SandboxSuppression(string Kind, string Value, DateTimeOffset CreatedAt);

/// <summary>A form submission.</summary>
public sealed record SandboxFormSubmission(long Seq, string FormId, JsonObject Data, string? PersonCioId, DateTimeOffset ReceivedAt);

/// <summary>A delivery metric (source <c>metrics</c>, <c>push</c> or <c>v2</c>).</summary>
public sealed record SandboxDeliveryMetric(long Seq, string DeliveryId, string Metric, string Source, string? Recipient, string? Device, string? Reason, string? Href, long? Timestamp, DateTimeOffset ReceivedAt);

/// <summary>A delivery id the sandbox knows (created by <see cref="SandboxInspector.CreateDeliveryAsync"/> or seen in an unsubscribe).</summary>
public sealed record SandboxDelivery(string DeliveryId, string? PersonCioId, DateTimeOffset CreatedAt, DateTimeOffset? UnsubscribedAt);

/// <summary>One accepted request (2xx), with what the sandbox did not apply and why.</summary>
public sealed record SandboxJournalEntry(long Seq, DateTimeOffset Time, string Method, string Path, string Operation, int Status, string? RequestBody, string? ResponseBody, IReadOnlyList<string> Notes);

/// <summary>Row counts, for a summary.</summary>
public sealed record SandboxCounts(long People, long Events, long Devices, long Segments, long Objects, long Suppressions, long FormSubmissions, long DeliveryMetrics, long Journal);
