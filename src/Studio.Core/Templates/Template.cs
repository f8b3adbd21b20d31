using System.Text;

namespace Studio.Core.Templates;

/// <summary>Resolves template paths: a root (member, offer, brand, a variable …) and an optional field.</summary>
public interface ITemplateScope
{
    string? Resolve(string root, string? field);
}

/// <summary>
/// A parsed message template: literal text with <c>{{root.field}}</c> placeholders.
/// Parsed once per script version; rendering only appends.
/// </summary>
public sealed class Template
{
    private readonly Segment[] _segments;

    private Template(string source, Segment[] segments)
    {
        Source = source;
        _segments = segments;
    }

    public string Source { get; }

    // Rendering happens on every prompt: reuse one builder per thread (resolving never renders).
    [ThreadStatic]
    private static StringBuilder? t_builder;

    /// <summary>The placeholders' paths (member.name, coupon_code), for validation.</summary>
    public IEnumerable<string> Paths => _segments.Where(s => s.Root is not null).Select(s => s.Field is null ? s.Root! : s.Root + "." + s.Field);

    public bool IsConstant => _segments.All(s => s.Root is null);

    public static Template Parse(string source)
    {
        var segments = new List<Segment>();
        var position = 0;
        while (position < source.Length)
        {
            var open = source.IndexOf("{{", position, StringComparison.Ordinal);
            var close = open < 0 ? -1 : source.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (open < 0 || close < 0)
            {
                segments.Add(Segment.Literal(source[position..]));
                break;
            }
            if (open > position)
            {
                segments.Add(Segment.Literal(source[position..open]));
            }
            var path = source[(open + 2)..close].Trim();
            var dot = path.IndexOf('.');
            segments.Add(dot < 0 ? new Segment(null, path, null) : new Segment(null, path[..dot], path[(dot + 1)..]));
            position = close + 2;
        }
        return new Template(source, [.. segments]);
    }

    public string Render(ITemplateScope scope)
    {
        if (_segments.Length == 1 && _segments[0].Root is null)
        {
            return _segments[0].Text!;
        }
        var builder = t_builder ??= new StringBuilder(256);
        builder.Clear();
        foreach (var segment in _segments)
        {
            builder.Append(segment.Root is null ? segment.Text : scope.Resolve(segment.Root, segment.Field));
        }
        return builder.ToString();
    }

    private sealed record Segment(string? Text, string? Root, string? Field)
    {
        public static Segment Literal(string text) => new(text, null, null);
    }
}
