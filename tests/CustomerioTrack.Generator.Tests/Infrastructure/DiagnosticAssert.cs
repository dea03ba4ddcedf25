using Microsoft.CodeAnalysis;

namespace CustomerioTrack.Generator.Tests.Infrastructure;

/// <summary>Asserts everything a user sees of a generator diagnostic.</summary>
internal static class DiagnosticAssert
{
    /// <param name="line">1-based, as an editor shows it.</param>
    /// <param name="column">1-based, as an editor shows it.</param>
    public static void Exactly(Diagnostic diagnostic, string id, DiagnosticSeverity severity, string path, int line, int column, string message)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal("CustomerioTrack", diagnostic.Descriptor.Category);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((path, line, column), (span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Equal(message, diagnostic.GetMessage());
    }
}
