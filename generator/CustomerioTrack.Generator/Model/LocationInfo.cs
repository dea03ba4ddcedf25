using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CustomerioTrack.Generator.Model;

/// <summary>A position inside an AdditionalFile; equatable stand-in for <see cref="Location"/>.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);
}
