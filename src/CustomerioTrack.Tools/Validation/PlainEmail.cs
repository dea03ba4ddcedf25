using System.Text.RegularExpressions;

namespace CustomerioTrack.Tools.Validation;

/// <summary>
/// The everyday address shape (dot-separated atoms of letters, digits and <c>_ + -</c>, then a dotted domain ending in a
/// letters-only label), used for <c>format: email</c> only in documents that do not declare the 2020-12 meta-schema (ours
/// do, and there <c>format</c> is an annotation). It is deliberately narrow: an address outside it is not rejected, only
/// handed to JsonSchema.Net to decide, so it can cost time but never changes an answer.
/// </summary>
internal static partial class PlainEmail
{
    public static bool IsMatch(string text) => text.Length <= 254 && Shape().IsMatch(text);

    [GeneratedRegex(@"^[A-Za-z0-9_+\-]{1,64}(\.[A-Za-z0-9_+\-]{1,64})*@([A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
