using System.Text;

namespace CustomerioTrack.Generator.Emit;

/// <summary>A minimal indent-aware writer (after dotnet/runtime's SourceWriter).</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();

    public int Indentation { get; set; }

    public SourceWriter WriteLine(string line)
    {
        if (line.Length > 0)
        {
            for (var i = 0; i < Indentation; i++)
            {
                _builder.Append(IndentUnit);
            }

            _builder.Append(line);
        }

        _builder.Append('\n');
        return this;
    }

    public SourceWriter WriteLine() => WriteLine(string.Empty);

    public SourceWriter OpenBlock()
    {
        WriteLine("{");
        Indentation++;
        return this;
    }

    public SourceWriter CloseBlock(string suffix = "")
    {
        Indentation--;
        WriteLine("}" + suffix);
        return this;
    }

    public override string ToString() => _builder.ToString();
}
