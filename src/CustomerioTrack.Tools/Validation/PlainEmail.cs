using System.Text.RegularExpressions;

namespace CustomerioTrack.Tools.Validation;

/// <summary>
/// The everyday address shape (dot-separated atoms of letters, digits and <c>_ + -</c>, then a dotted domain ending in a
/// letters-only label). JsonSchema.Net asserts <c>format: email</c> with a broader rule; an address outside this narrow
/// shape is not rejected by it, only handed to JsonSchema.Net to decide, so the narrow shape can only cost time, never
/// correctness.
/// </summary>
internal static partial class PlainEmail
{
    public static bool IsMatch(string text) => text.Length <= 254 && Shape().IsMatch(text);

    [GeneratedRegex(@"^[A-Za-z0-9_+\-]{1,64}(\.[A-Za-z0-9_+\-]{1,64})*@([A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
