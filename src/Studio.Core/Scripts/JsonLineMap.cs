using System.Text;
using System.Text.Json;

namespace Studio.Core.Scripts;

/// <summary>Maps JSON paths ($.nodes[3].routes.affirm) to 1-based line numbers of the source text.</summary>
public sealed class JsonLineMap
{
    public static readonly JsonLineMap Empty = new(new Dictionary<string, int>());

    private readonly Dictionary<string, int> _lines;

    private JsonLineMap(Dictionary<string, int> lines) => _lines = lines;

    /// <summary>The line of the path, or of its nearest ancestor that the map knows.</summary>
    public int? LineOf(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }
        }
        return null;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    public static JsonLineMap Build(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        // Each frame: the container's path and, for arrays, the next index.
        var frames = new Stack<(string Path, bool IsArray, int Index)>();
        string? pendingProperty = null;
        try
        {
            while (reader.Read())
            {
                var line = LineAt(lineStarts, (int)reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingProperty = frames.Peek().Path + "." + reader.GetString();
                        map.TryAdd(pendingProperty, line);
                        continue;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        {
                            var path = ValuePath(frames, ref pendingProperty, map, line);
                            frames.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                            continue;
                        }
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        continue;
                    default:
                        ValuePath(frames, ref pendingProperty, map, line);
                        continue;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed text: the loader reports it; keep what was mapped so far.
        }
        return new JsonLineMap(map);
    }

    private static string ValuePath(Stack<(string Path, bool IsArray, int Index)> frames, ref string? pendingProperty, Dictionary<string, int> map, int line)
    {
        if (frames.Count == 0)
        {
            map.TryAdd("$", line);
            return "$";
        }
        var top = frames.Peek();
        if (top.IsArray)
        {
            frames.Pop();
            frames.Push((top.Path, true, top.Index + 1));
            var element = $"{top.Path}[{top.Index}]";
            map.TryAdd(element, line);
            return element;
        }
        var path = pendingProperty ?? top.Path;
        pendingProperty = null;
        return path;
    }

    private static int LineAt(List<int> lineStarts, int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
