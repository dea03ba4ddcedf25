namespace CustomerioTrack.Sandbox.Tests;

/// <summary>What identify stores when the body's id or email differs from the person's: never two answers to "what is their email".</summary>
public sealed class IdentifierChangeTests : IDisposable
{
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    private async Task<string> LastNotes() => string.Join(" | ", (await _h.Inspector.GetJournalAsync()).Last().Notes);

    [Fact]
    public async Task An_ignored_email_change_leaves_the_email_attribute_alone()
    {
        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/u1%40example.com", """{"plan":"a"}"""));

        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/u1%40example.com", """{"email":"other@example.com","plan":"b"}"""));

        Assert.Equal("ignored email change to 'other@example.com': address the person by cio_<cio_id> or id to change their email", await LastNotes());
        var person = (await _h.Person("u1@example.com")).Person;
        Assert.Equal("u1@example.com", person.Email);
        Assert.Equal("""{"plan":"b"}""", person.Attributes.ToJsonString());
        Assert.Null(await _h.Inspector.GetPersonAsync("other@example.com"));
    }

    [Fact]
    public async Task An_ignored_email_change_keeps_the_email_attribute_the_person_had()
    {
        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/u1%40example.com", """{"email":"u1@example.com"}"""));

        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/u1%40example.com", """{"email":"other@example.com"}"""));

        var person = (await _h.Person("u1@example.com")).Person;
        Assert.Equal("u1@example.com", person.Email);
        Assert.Equal("""{"email":"u1@example.com"}""", person.Attributes.ToJsonString());
    }

    [Fact]
    public async Task An_ignored_id_change_is_stored_nowhere()
    {
        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/a", """{"plan":"a"}"""));

        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/a", """{"id":"a2","plan":"b"}"""));

        Assert.Equal("ignored id change to 'a2': address the person by cio_<cio_id> to change their id", await LastNotes());
        var person = (await _h.Person("a")).Person;
        Assert.Equal("a", person.Id);
        Assert.Equal("""{"plan":"b"}""", person.Attributes.ToJsonString());
    }

    [Fact]
    public async Task An_accepted_email_change_updates_identifier_and_attribute_together()
    {
        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/a", """{"email":"old@example.com"}"""));

        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/a", """{"email":"new@example.com"}"""));

        Assert.Equal("", await LastNotes());
        var person = (await _h.Person("a")).Person;
        Assert.Equal("new@example.com", person.Email);
        Assert.Equal("""{"email":"new@example.com"}""", person.Attributes.ToJsonString());
    }

    [Fact]
    public async Task A_refused_email_also_undoes_the_id_change_made_before_it()
    {
        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/a", """{"email":"a@example.com"}"""));
        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/b", """{"email":"b@example.com"}"""));
        var cioId = (await _h.Person("a")).Person.CioId;

        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/cio_" + cioId, """{"id":"a-new","email":"b@example.com","plan":"x"}"""));

        Assert.Equal("Attribute Update Failure: email 'b@example.com' belongs to another person; nothing was written", await LastNotes());
        var a = (await _h.Person("cio_" + cioId)).Person;
        Assert.Equal(("a", "a@example.com", """{"email":"a@example.com"}"""), (a.Id, a.Email, a.Attributes.ToJsonString()));
        Assert.Null(await _h.Inspector.GetPersonAsync("a-new"));
    }

    [Fact]
    public async Task An_id_change_through_the_email_is_ignored_and_stored_nowhere()
    {
        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/e%40example.com", """{"id":"i1"}"""));

        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/e%40example.com", """{"id":"i2","plan":"b"}"""));

        Assert.Equal("ignored id change to 'i2': address the person by cio_<cio_id> to change their id", await LastNotes());
        var person = (await _h.Person("e@example.com")).Person;
        Assert.Equal(("i1", """{"plan":"b"}"""), (person.Id, person.Attributes.ToJsonString()));
        Assert.Null(await _h.Inspector.GetPersonAsync("i2"));
    }

    [Fact]
    public async Task An_id_is_given_through_the_email_to_a_person_who_has_none()
    {
        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/e%40example.com", """{"plan":"a"}"""));

        Assert.Equal((200, "{}"), await _h.Raw(HttpMethod.Put, "/api/v1/customers/e%40example.com", """{"id":"i1"}"""));

        Assert.Equal("", await LastNotes());
        Assert.Equal("i1", (await _h.Person("e@example.com")).Person.Id);
    }
}
