namespace Studio.Core.Expressions;

/// <summary>
/// What an expression can see. The fast path reads values one identifier at a time; Jint, for the
/// expressions the fast path does not cover, gets them all as plain CLR values.
/// </summary>
public interface IExpressionScope
{
    /// <summary>The value of a global identifier, or <see cref="JsUndefined.NotDefined"/> when there is none.</summary>
    object? Resolve(string identifier);

    /// <summary>Every global as CLR values (strings, doubles, bools, lists, dictionaries) for Jint.</summary>
    IReadOnlyDictionary<string, object?> Globals();
}

/// <summary>An object value in the fast path (member, vars, now …): property lookup only.</summary>
public interface IExpressionObject
{
    /// <summary>The property's value, or <see cref="JsUndefined.Value"/>.</summary>
    object? Get(string name);
}

/// <summary>JavaScript's undefined, and the marker for an identifier that does not exist at all.</summary>
public sealed class JsUndefined
{
    public static readonly JsUndefined Value = new();
    public static readonly JsUndefined NotDefined = new();

    private JsUndefined()
    {
    }

    public override string ToString() => "undefined";
}

/// <summary>A scope over a plain dictionary of globals (tests, tools).</summary>
public sealed class DictionaryScope(IReadOnlyDictionary<string, object?> globals) : IExpressionScope
{
    public object? Resolve(string identifier) =>
        globals.TryGetValue(identifier, out var value) ? Wrap(value) : JsUndefined.NotDefined;

    public IReadOnlyDictionary<string, object?> Globals() => globals;

    private static object? Wrap(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => new MapObject(map),
        int i => (double)i,
        long l => (double)l,
        decimal m => (double)m,
        _ => value,
    };

    private sealed class MapObject(IReadOnlyDictionary<string, object?> map) : IExpressionObject
    {
        public object? Get(string name) => map.TryGetValue(name, out var value) ? Wrap(value) : JsUndefined.Value;
    }
}
