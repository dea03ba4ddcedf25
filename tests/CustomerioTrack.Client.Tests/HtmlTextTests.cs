using CustomerioTrack.Client.Http;

namespace CustomerioTrack.Client.Tests;

/// <summary>The visible text of a page standing in for the Track API's JSON, as error messages quote it.</summary>
public sealed class HtmlTextTests
{
    [Theory]
    [InlineData("<html><head><title>502 Bad Gateway</title></head><body><h1>Bad   Gateway</h1>\n<hr><center>nginx</center></body></html>", "502 Bad Gateway Bad Gateway nginx")]
    [InlineData("<style>h1 { color: red }</style><SCRIPT type=\"x\">if (a < b) go();</SCRIPT >Sign in", "Sign in")]
    [InlineData("<scripts>kept</scripts> <stylesheet>kept too", "kept kept too")]
    [InlineData("a < b and c", "a < b and c")]
    [InlineData("<b>bold</b> then 1 < 2", "bold then 1 < 2")]
    [InlineData("<script>never closed <p>so only its tag goes</p>", "never closed so only its tag goes")]
    [InlineData("  \t\r\n ", "")]
    [InlineData("", "")]
    public void Drops_tags_hidden_elements_and_extra_whitespace(string html, string expected) =>
        Assert.Equal(expected, HtmlText.Visible(html));

    [Fact]
    public void Bodies_of_unclosed_tags_are_read_in_one_pass()
    {
        // Quadratic in a backtracking pattern: 8 MB of them would take minutes. No timing is asserted; a regression
        // makes this test run for minutes instead of milliseconds.
        var lessThans = new string('<', 8 * 1024 * 1024);
        var scripts = string.Concat(Enumerable.Repeat("<script>", 1024 * 1024));

        Assert.Equal(lessThans, HtmlText.Visible(lessThans));
        Assert.Equal("", HtmlText.Visible(scripts));
    }
}
