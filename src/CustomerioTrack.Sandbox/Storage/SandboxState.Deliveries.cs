using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace CustomerioTrack.Sandbox.Storage;

// Deliveries, metrics and form submissions.
internal sealed partial class SandboxState
{
    public void AddMetric(string deliveryId, string metric, string source, string? recipient, string? device, string? reason, string? href, long? timestamp)
    {
        tx.Execute(
            "INSERT INTO delivery_metrics(delivery_id, metric, source, recipient, device, reason, href, timestamp, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            deliveryId, metric, source, recipient, device, reason, href, timestamp ?? tx.NowSeconds, tx.Now);
    }

    public void Unsubscribe(string deliveryId, bool unsubscribe)
    {
        var person = tx.Long("SELECT person_pk FROM deliveries WHERE delivery_id = $1", deliveryId);
        tx.Execute("INSERT INTO deliveries(delivery_id, created_at) VALUES ($1, $2) ON CONFLICT(delivery_id) DO NOTHING", deliveryId, tx.Now);
        if (!unsubscribe)
        {
            tx.Notes.AddInfo("unsubscribe was false: nothing changed");
            return;
        }

        tx.Execute("UPDATE deliveries SET unsubscribed_at = $2 WHERE delivery_id = $1", deliveryId, tx.Now);
        if (person is { } pk)
        {
            ApplyAttributes(pk, new JsonObject { ["unsubscribed"] = true });
        }
        else
        {
            tx.Notes.Add($"delivery '{deliveryId}' is not linked to a person; recorded only. A person's delivery id comes from `customerio-track-mcp sandbox delivery <identifier>`");
        }
    }

    public string CreateDelivery(long personPk)
    {
        var id = "SBX" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'A').Replace('/', 'B');
        tx.Execute("INSERT INTO deliveries(delivery_id, person_pk, created_at) VALUES ($1, $2, $3)", id, personPk, tx.Now);
        return id;
    }

    public void AddFormSubmission(string formId, JsonObject data, long? personPk) =>
        tx.Execute("INSERT INTO form_submissions(form_id, data, person_pk, received_at) VALUES ($1, $2, $3, $4)", formId, data.ToJsonString(), personPk, tx.Now);
}
