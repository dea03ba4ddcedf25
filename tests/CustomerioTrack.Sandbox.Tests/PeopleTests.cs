using System.Text.Json.Nodes;
using CustomerioTrack.Client.Models;

namespace CustomerioTrack.Sandbox.Tests;

public sealed class PeopleTests : IDisposable
{
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Identify_through_the_typed_client_creates_then_updates()
    {
        await _h.Client.Api.V1.Customers["42"].PutAsync(new IdentifyRequest { Email = "Ann@Example.com", AdditionalData = { ["plan"] = "basic" } });
        await _h.Client.Api.V1.Customers["42"].PutAsync(new IdentifyRequest { AdditionalData = { ["plan"] = "pro", ["age"] = 3 } });

        var person = (await _h.Person("42")).Person;
        Assert.Equal("42", person.Id);
        Assert.Equal("Ann@Example.com", person.Email);
        Assert.Equal("pro", (string?)person.Attributes["plan"]);
        Assert.Equal(3, (int?)person.Attributes["age"]);
        Assert.StartsWith("sbx", person.CioId);
        Assert.Single(await _h.Inspector.GetPeopleAsync());
        // Email lookups are case-insensitive; the cio_ prefix addresses by cio_id.
        Assert.Equal(person.CioId, (await _h.Person("ann@example.com")).Person.CioId);
        Assert.Equal("42", (await _h.Person("cio_" + person.CioId)).Person.Id);
    }

    [Fact]
    public async Task Identify_by_email_then_by_new_id_updates_the_same_person()
    {
        await _h.Identify("bob@example.com", new { first_name = "Bob" });
        await _h.Identify("b-1", new { email = "bob@example.com", last_name = "Smith" });

        var people = await _h.Inspector.GetPeopleAsync();
        var bob = Assert.Single(people);
        Assert.Equal("b-1", bob.Id);
        Assert.Equal("Bob", (string?)bob.Attributes["first_name"]);
        Assert.Equal("Smith", (string?)bob.Attributes["last_name"]);
    }

    [Fact]
    public async Task Identify_by_cio_id_changes_the_id_and_unknown_cio_id_is_dropped()
    {
        await _h.Identify("old", new { name = "x" });
        var cioId = (await _h.Person("old")).Person.CioId;
        await _h.Identify("cio_" + cioId, new { id = "new" });
        Assert.Null(await _h.Inspector.GetPersonAsync("old"));
        Assert.Equal(cioId, (await _h.Person("new")).Person.CioId);

        await _h.Identify("cio_doesnotexist", new { name = "y" });
        Assert.Single(await _h.Inspector.GetPeopleAsync());
        Assert.Contains("no person has cio_id", (await _h.Inspector.GetJournalAsync()).Last().Notes.Single());
    }

    [Fact]
    public async Task Identify_refuses_another_persons_id_or_email_and_ignores_a_change_to_the_identifier_it_addresses()
    {
        await _h.Identify("a", new { email = "a@example.com" });
        await _h.Identify("b", new { email = "b@example.com" });

        // Another person's email (compared without case) or id: nothing is written.
        await _h.Identify("a", new { email = "B@example.com", plan = "x" });
        Assert.Contains("email 'B@example.com' belongs to another person; nothing was written", await LastNotes());
        var a = (await _h.Person("a")).Person;
        Assert.Equal("a@example.com", a.Email);
        Assert.False(a.Attributes.ContainsKey("plan"));
        await _h.Identify("b@example.com", new { id = "a" });
        Assert.Contains("id 'a' belongs to another person; nothing was written", await LastNotes());

        // The identifier the call addresses stays; the note says how to change it.
        await _h.Identify("a", new { id = "a2" });
        Assert.Contains("ignored id change to 'a2': address the person by cio_<cio_id> to change their id", await LastNotes());
        Assert.Null(await _h.Inspector.GetPersonAsync("a2"));
        await _h.Identify("a@example.com", new { email = "a-new@example.com" });
        Assert.Contains("ignored email change to 'a-new@example.com': address the person by cio_<cio_id> or id to change their email", await LastNotes());

        // The same email in other case is no change; the id changes the email, but the email does not change the id.
        await _h.Identify("a", new { email = "A@EXAMPLE.COM" });
        Assert.Equal(string.Empty, await LastNotes());
        await _h.Identify("b", new { email = "b2@example.com" });
        Assert.Equal("b2@example.com", (await _h.Person("b")).Person.Email);
        await _h.Identify("b2@example.com", new { id = "b-2" });
        Assert.Contains("ignored id change to 'b-2': address the person by cio_<cio_id> to change their id", await LastNotes());
        Assert.Equal("b", (await _h.Person("b2@example.com")).Person.Id);
    }

    private async Task<string> LastNotes() => string.Join(" | ", (await _h.Inspector.GetJournalAsync()).Last().Notes);

    [Fact]
    public async Task Update_only_does_not_create_and_null_removes_an_attribute()
    {
        await _h.Identify("nobody", new { _update = true, plan = "x" });
        Assert.Empty(await _h.Inspector.GetPeopleAsync());

        await _h.Identify("7", new { plan = "x", color = "red" });
        await _h.Identify("7", new { _update = true, color = (string?)null, unsubscribed = true });
        var person = (await _h.Person("7")).Person;
        Assert.False(person.Attributes.ContainsKey("color"));
        Assert.True(person.Unsubscribed);
    }

    [Fact]
    public async Task Older_timestamp_does_not_overwrite_newer_attributes()
    {
        await _h.Identify("9", new { plan = "new", _timestamp = 2000 });
        await _h.Identify("9", new { plan = "old", _timestamp = 1000 });
        Assert.Equal("new", (string?)(await _h.Person("9")).Person.Attributes["plan"]);
    }

    [Fact]
    public async Task Delete_removes_the_person_and_their_data()
    {
        await _h.Identify("d", new { a = 1 });
        await _h.Track("d", new { name = "x" });
        await _h.Tool("DeleteCustomer", new { customer_identifier = "d" });
        Assert.Empty(await _h.Inspector.GetPeopleAsync());
        Assert.Empty(await _h.Inspector.GetEventsAsync());
    }

    [Fact]
    public async Task Suppress_deletes_and_refuses_identifiers_until_unsuppressed()
    {
        await _h.Identify("s1", new { email = "s@example.com", a = 1 });
        await _h.Tool("SuppressCustomerProfile", new { unique_person_identifier = "s1" });
        Assert.Empty(await _h.Inspector.GetPeopleAsync());
        Assert.Contains(await _h.Inspector.GetSuppressionsAsync(), s => s.Kind == "email" && s.Value == "s@example.com");

        // Refused (200, like the API) by id and by the email suppressed with it; the journal says why.
        await _h.Identify("s1", new { a = 2 });
        await _h.Identify("S@example.com", new { a = 3 });
        await _h.Track("s1", new { name = "ignored" });
        Assert.Empty(await _h.Inspector.GetPeopleAsync());
        Assert.Empty(await _h.Inspector.GetEventsAsync());
        var journal = await _h.Inspector.GetJournalAsync(3);
        Assert.All(journal, j => Assert.Contains("suppressed", string.Join(" ", j.Notes)));

        await _h.Tool("UnsuppressCustomerProfile", new { customer_identifier = "s@example.com" });
        Assert.Empty(await _h.Inspector.GetSuppressionsAsync());
        await _h.Identify("s1", new { b = 1 });
        var fresh = (await _h.Person("s1")).Person;
        Assert.False(fresh.Attributes.ContainsKey("a")); // a fresh profile, no history
    }

    [Fact]
    public async Task Devices_are_added_updated_and_removed()
    {
        await _h.Identify("dev", new { a = 1 });
        await _h.Tool("AddDeviceToCustomerProfile", new { unique_person_identifier = "dev", mode = "execute", request_body = new { device = new { id = "tok-1", platform = "ios", last_used = 1700000000 } } });
        await _h.Tool("AddDeviceToCustomerProfile", new { unique_person_identifier = "dev", mode = "execute", request_body = new { device = new { id = "tok-2", platform = "android", attributes = new { app_version = "1.2" } } } });
        var devices = (await _h.Person("dev")).Devices;
        Assert.Equal(["tok-1", "tok-2"], devices.Select(d => d.Token));
        Assert.Equal("1.2", (string?)devices[1].Attributes["app_version"]);

        await _h.Tool("RemoveCustomerDevice", new { customer_identifier = "dev", device_unique_id = "tok-1" });
        Assert.Equal("tok-2", Assert.Single((await _h.Person("dev")).Devices).Token);
    }

    [Fact]
    public async Task Merge_folds_the_secondary_into_the_primary()
    {
        await _h.Identify("p", new { plan = "primary", shared = "p" });
        await _h.Identify("s@example.com", new { shared = "s", only_secondary = "yes" });
        await _h.Track("s@example.com", new { name = "secondary_event" });
        await _h.Tool("AddDeviceToCustomerProfile", new { unique_person_identifier = "s@example.com", mode = "execute", request_body = new { device = new { id = "sec-tok", platform = "ios" } } });
        await _h.Tool("AddPeopleToSegment", new { segment_identifier = 5, identifier_type = "email", mode = "execute", request_body = new { ids = new[] { "s@example.com" } } });

        await _h.Tool("MergeCustomerProfiles", new { mode = "execute", request_body = new { primary = new { id = "p" }, secondary = new { email = "s@example.com" } } });

        var merged = await _h.Person("p");
        Assert.Single(await _h.Inspector.GetPeopleAsync());
        Assert.Equal("p", (string?)merged.Person.Attributes["shared"]); // primary wins
        Assert.Equal("yes", (string?)merged.Person.Attributes["only_secondary"]);
        Assert.Equal("s@example.com", merged.Person.Email); // the primary had none
        Assert.Equal("secondary_event", Assert.Single(merged.Events).Name);
        Assert.Equal("sec-tok", Assert.Single(merged.Devices).Token);
        Assert.Equal([5L], merged.Segments);
    }

    [Theory]
    [InlineData("""{"unsubscribed":false}""", """{"unsubscribed":true}""", false)]
    [InlineData("""{"plan":"p"}""", """{"unsubscribed":true}""", true)]
    [InlineData("""{"unsubscribed":true}""", """{"unsubscribed":false}""", true)]
    public async Task Merge_keeps_the_unsubscribed_flag_of_the_merged_attributes(string primary, string secondary, bool unsubscribed)
    {
        Assert.Equal(200, (await _h.Raw(HttpMethod.Put, "/api/v1/customers/p", primary)).Status);
        Assert.Equal(200, (await _h.Raw(HttpMethod.Put, "/api/v1/customers/s", secondary)).Status);

        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Post, "/api/v1/merge_customers", """{"primary":{"id":"p"},"secondary":{"id":"s"}}"""));

        var merged = (await _h.Person("p")).Person;
        Assert.Equal((unsubscribed, unsubscribed), (merged.Unsubscribed, (bool?)merged.Attributes["unsubscribed"]));
    }

    [Fact]
    public async Task Merge_with_an_unknown_primary_changes_nothing()
    {
        await _h.Identify("s", new { a = 1 });
        await _h.Tool("MergeCustomerProfiles", new { mode = "execute", request_body = new { primary = new { id = "ghost" }, secondary = new { id = "s" } } });
        Assert.NotNull(await _h.Inspector.GetPersonAsync("s"));
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("abc")]
    public async Task A_segment_id_outside_int32_is_a_400_that_says_the_range(string segment)
    {
        var (status, body) = await _h.Raw(HttpMethod.Post, $"/api/v1/segments/{segment}/add_customers", """{"ids":["a"]}""");

        Assert.Equal((400, $$$"""{"meta":{"errors":["segment_id: segment_id must be a whole number from 0 to 2147483647 (int32), got '{{{segment}}}'"]}}"""), (status, body));
    }

    [Fact]
    public async Task Segments_add_and_remove_by_id_type_ignoring_unknown_ids()
    {
        await _h.Identify("a", new { x = 1 });
        await _h.Identify("b", new { x = 1 });
        var cioB = (await _h.Person("b")).Person.CioId;
        await _h.Tool("AddPeopleToSegment", new { segment_identifier = 12, mode = "execute", request_body = new { ids = new[] { "a", "b", "zzz" } } });
        await _h.Tool("RemoveUserFromSegment", new { segment_identifier = 12, identification_type = "cio_id", mode = "execute", request_body = new { ids = new[] { cioB } } });

        var segment = Assert.Single(await _h.Inspector.GetSegmentsAsync());
        Assert.Equal(12, segment.SegmentId);
        Assert.Equal([(await _h.Person("a")).Person.CioId], segment.MemberCioIds);
        Assert.Contains(await _h.Inspector.GetJournalAsync(), j => j.Notes.Any(n => n.Contains("zzz", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Form_submission_answers_204_and_identifies_the_person()
    {
        var (status, body) = await _h.Raw(HttpMethod.Post, "/api/v1/forms/signup/submit", """{"data":{"email":"f@example.com","first_name":"F","form_name":"x"}}""");
        Assert.Equal(204, status);
        Assert.Equal("", body);
        var person = (await _h.Person("f@example.com")).Person;
        Assert.Equal("F", (string?)person.Attributes["first_name"]);
        Assert.False(person.Attributes.ContainsKey("form_name"));
        var submission = Assert.Single(await _h.Inspector.GetFormSubmissionsAsync());
        Assert.Equal("signup", submission.FormId);
        Assert.Equal(person.CioId, submission.PersonCioId);
    }

    [Fact]
    public async Task Unsubscribe_through_a_delivery_id_needs_no_auth()
    {
        await _h.Identify("u", new { a = 1 });
        var deliveryId = await _h.Inspector.CreateDeliveryAsync("u");
        Assert.NotNull(deliveryId);
        var (status, body) = await _h.Raw(HttpMethod.Post, "/unsubscribe/" + deliveryId, """{"unsubscribe":true}""", authenticate: false);
        Assert.Equal(200, status);
        Assert.Equal("{}", body);
        var person = (await _h.Person("u")).Person;
        Assert.True(person.Unsubscribed);
        Assert.Equal(true, (bool?)person.Attributes["unsubscribed"]);
    }

    [Fact]
    public async Task Unsubscribing_an_unknown_delivery_says_how_to_get_a_persons_delivery_id()
    {
        var result = await _h.Tool("GlobalUnsubscribeUser", new { delivery_id_for_unsubscription = "RPILAgUBcRhIBqSfeiIwdIYJKxTY" });

        Assert.Equal(
            ["delivery 'RPILAgUBcRhIBqSfeiIwdIYJKxTY' is not linked to a person; recorded only. A person's delivery id comes from `customerio-track-mcp sandbox delivery <identifier>`"],
            result["sandbox_notes"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task A_segment_the_sandbox_creates_on_first_use_is_reported_once()
    {
        await _h.Identify("a", new { x = 1 });

        var first = await _h.Tool("AddPeopleToSegment", new { segment_identifier = 31, mode = "execute", request_body = new { ids = new[] { "a" } } });
        var second = await _h.Tool("RemoveUserFromSegment", new { segment_identifier = 31, mode = "execute", request_body = new { ids = new[] { "a" } } });

        Assert.Equal(
            ["segment 31 did not exist, so the sandbox created it; in Customer.io the manual segment must already exist (create it in the Customer.io UI or with the App API)"],
            first["sandbox_notes"]!.AsArray().Select(n => (string?)n));
        Assert.Null(second["sandbox_notes"]);
    }

    [Fact]
    public async Task Percent_encoded_identifiers_are_one_segment()
    {
        await _h.Identify("a/b c", new { x = 1 });
        Assert.Equal("a/b c", (await _h.Person("a/b c")).Person.Id);
        var (status, _) = await _h.Raw(HttpMethod.Put, "/api/v1/customers/a%2Fb%20c", """{"y":2}""");
        Assert.Equal(200, status);
        Assert.Equal(2, (int?)(await _h.Person("a/b c")).Person.Attributes["y"]);
    }

    [Fact]
    public async Task Get_region_answers_with_the_sandbox_address()
    {
        var result = await _h.Tool("GetTrackApiRegion", new { });
        Assert.Equal("us", (string?)result["response"]?["region"]);
        Assert.Equal("http://sandbox.local", (string?)result["response"]?["url"]);
        JsonNode.Parse(result.ToJsonString());
    }
}
