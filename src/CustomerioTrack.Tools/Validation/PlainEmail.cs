using System.Text.RegularExpressions;

namespace CustomerioTrack.Tools.Validation;

/// <summary>
/// The everyday address shape (dot-separated atoms of letters, digits and <c>_ + -</c>, then a dotted domain ending in a
/// letters-only label). JsonSchema.Net, evaluating our 2020-12 documents, treats <c>format</c> as an annotation and accepts
/// any string; an address outside this narrow shape is therefore not rejected here, only handed to JsonSchema.Net to
/// decide, so the narrow shape can cost time on unusual addresses but never changes an answer.
/// </summary>
internal static partial class PlainEmail
{
    public static bool IsMatch(string text) => text.Length <= 254 && Shape().IsMatch(text);

    [GeneratedRegex(@"^[A-Za-z0-9_+\-]{1,64}(\.[A-Za-z0-9_+\-]{1,64})*@([A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
