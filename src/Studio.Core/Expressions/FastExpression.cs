using System.Globalization;
using Acornima;
using Acornima.Ast;

namespace Studio.Core.Expressions;

/// <summary>
/// Compiles the common subset of script expressions — literals, identifiers, property access,
/// comparisons, logic, arithmetic, ternaries, array literals and the includes / some / every /
/// startsWith / endsWith calls — into delegates that run without Jint. Conditions and grade rules
/// run on every call, and Jint costs microseconds and kilobytes per evaluation; this costs
/// nanoseconds. Anything outside the subset, and any run-time type surprise, goes to Jint, so the
/// semantics stay JavaScript's.
/// </summary>
internal static class FastExpression
{
    public delegate object? Evaluator(Frame frame);

    /// <summary>The scope plus the parameters of enclosing arrow functions; one per thread, reused.</summary>
    public sealed class Frame
    {
        public IExpressionScope Scope { get; set; } = null!;
        public object?[] Locals { get; } = new object?[4];
    }

    /// <summary>Thrown when a value is not what the fast path handles: Jint evaluates instead.</summary>
    public sealed class FallbackException : Exception;

    /// <summary>Thrown for an identifier that does not exist: the same error JavaScript raises.</summary>
    public sealed class NotDefinedException(string name) : Exception($"{name} is not defined");

    private sealed class UnsupportedException : Exception;

    private static readonly object True = true;
    private static readonly object False = false;

    public static Evaluator? TryCompile(string source)
    {
        try
        {
            var expression = new Parser().ParseExpression(source);
            return Compile(expression, []);
        }
        catch (Exception ex) when (ex is UnsupportedException or ParseErrorException or SyntaxErrorException)
        {
            return null;
        }
    }

    private static Evaluator Compile(Node node, Dictionary<string, int> locals)
    {
        switch (node)
        {
            case StringLiteral s:
                {
                    var value = s.Value;
                    return _ => value;
                }
            case NumericLiteral n:
                {
                    object value = n.Value;
                    return _ => value;
                }
            case BooleanLiteral b:
                {
                    var value = b.Value ? True : False;
                    return _ => value;
                }
            case NullLiteral:
                return _ => null;
            case Identifier { Name: "undefined" }:
                return _ => JsUndefined.Value;
            case Identifier id when locals.TryGetValue(id.Name, out var slot):
                return frame => frame.Locals[slot];
            case Identifier id:
                {
                    var name = id.Name;
                    return frame => frame.Scope.Resolve(name) is var value && ReferenceEquals(value, JsUndefined.NotDefined)
                        ? throw new NotDefinedException(name)
                        : value;
                }
            case ParenthesizedExpression p:
                return Compile(p.Expression, locals);
            case MemberExpression member:
                return CompileMember(member, locals);
            case ArrayExpression array:
                return CompileArray(array, locals);
            case LogicalExpression logical:
                {
                    var left = Compile(logical.Left, locals);
                    var right = Compile(logical.Right, locals);
                    return logical.Operator switch
                    {
                        Operator.LogicalAnd => frame => left(frame) is var l && !Truthy(l) ? l : right(frame),
                        Operator.LogicalOr => frame => left(frame) is var l && Truthy(l) ? l : right(frame),
                        Operator.NullishCoalescing => frame => left(frame) is var l && (l is null || l is JsUndefined) ? right(frame) : l,
                        _ => throw new UnsupportedException(),
                    };
                }
            case BinaryExpression binary:
                return CompileBinary(binary, locals);
            case UnaryExpression { Prefix: true } unary:
                {
                    var argument = Compile(unary.Argument, locals);
                    return unary.Operator switch
                    {
                        Operator.LogicalNot => frame => Truthy(argument(frame)) ? False : True,
                        Operator.UnaryNegation => frame => -ToNumber(argument(frame)),
                        Operator.UnaryPlus => frame => ToNumber(argument(frame)),
                        _ => throw new UnsupportedException(),
                    };
                }
            case ConditionalExpression conditional:
                {
                    var test = Compile(conditional.Test, locals);
                    var consequent = Compile(conditional.Consequent, locals);
                    var alternate = Compile(conditional.Alternate, locals);
                    return frame => Truthy(test(frame)) ? consequent(frame) : alternate(frame);
                }
            case CallExpression call:
                return CompileCall(call, locals);
            default:
                throw new UnsupportedException();
        }
    }

    private static Evaluator CompileMember(MemberExpression member, Dictionary<string, int> locals)
    {
        if (member.Optional)
        {
            throw new UnsupportedException();
        }
        string name = member switch
        {
            { Computed: false, Property: Identifier property } => property.Name,
            { Computed: true, Property: StringLiteral literal } => literal.Value,
            _ => throw new UnsupportedException(),
        };
        var target = Compile(member.Object, locals);
        return frame => Property(target(frame), name);
    }

    private static object? Property(object? target, string name) => target switch
    {
        IExpressionObject obj => obj.Get(name),
        string s when name == "length" => (double)s.Length,
        IReadOnlyList<string> list when name == "length" => (double)list.Count,
        IReadOnlyList<object?> list when name == "length" => (double)list.Count,
        _ => throw new FallbackException(), // null.x, or a property the fast path does not model
    };

    private static Evaluator CompileArray(ArrayExpression array, Dictionary<string, int> locals)
    {
        var elements = new List<Evaluator>();
        var constants = new List<string>();
        foreach (var element in array.Elements)
        {
            if (element is null or SpreadElement)
            {
                throw new UnsupportedException();
            }
            if (element is StringLiteral literal)
            {
                constants.Add(literal.Value);
            }
            elements.Add(Compile(element, locals));
        }
        if (constants.Count == elements.Count)
        {
            IReadOnlyList<string> value = [.. constants];
            return _ => value;
        }
        var compiled = elements.ToArray();
        return frame =>
        {
            var values = new object?[compiled.Length];
            for (var i = 0; i < compiled.Length; i++)
            {
                values[i] = compiled[i](frame);
            }
            return values;
        };
    }

    private static Evaluator CompileBinary(BinaryExpression binary, Dictionary<string, int> locals)
    {
        var left = Compile(binary.Left, locals);
        var right = Compile(binary.Right, locals);
        return binary.Operator switch
        {
            Operator.StrictEquality => frame => StrictEquals(left(frame), right(frame)) ? True : False,
            Operator.StrictInequality => frame => StrictEquals(left(frame), right(frame)) ? False : True,
            Operator.Equality => frame => LooseEquals(left(frame), right(frame)) ? True : False,
            Operator.Inequality => frame => LooseEquals(left(frame), right(frame)) ? False : True,
            Operator.LessThan => frame => Compare(left(frame), right(frame), c => c < 0),
            Operator.LessThanOrEqual => frame => Compare(left(frame), right(frame), c => c <= 0),
            Operator.GreaterThan => frame => Compare(left(frame), right(frame), c => c > 0),
            Operator.GreaterThanOrEqual => frame => Compare(left(frame), right(frame), c => c >= 0),
            Operator.Addition => frame => Add(left(frame), right(frame)),
            Operator.Subtraction => frame => ToNumber(left(frame)) - ToNumber(right(frame)),
            Operator.Multiplication => frame => ToNumber(left(frame)) * ToNumber(right(frame)),
            Operator.Division => frame => ToNumber(left(frame)) / ToNumber(right(frame)),
            Operator.Remainder => frame => ToNumber(left(frame)) % ToNumber(right(frame)),
            _ => throw new UnsupportedException(),
        };
    }

    private static Evaluator CompileCall(CallExpression call, Dictionary<string, int> locals)
    {
        if (call.Optional || call.Callee is not MemberExpression { Computed: false, Optional: false, Property: Identifier method } callee)
        {
            throw new UnsupportedException();
        }
        var target = Compile(callee.Object, locals);
        var arguments = call.Arguments;
        switch (method.Name)
        {
            case "includes" when arguments.Count == 1:
                {
                    var argument = Compile(arguments[0], locals);
                    return frame => Includes(target(frame), argument(frame)) ? True : False;
                }
            case "startsWith" or "endsWith" when arguments.Count == 1:
                {
                    var argument = Compile(arguments[0], locals);
                    var starts = method.Name == "startsWith";
                    return frame => target(frame) is string s && argument(frame) is string a
                        ? (starts ? s.StartsWith(a, StringComparison.Ordinal) : s.EndsWith(a, StringComparison.Ordinal)) ? True : False
                        : throw new FallbackException();
                }
            case "some" or "every" when arguments.Count == 1 && arguments[0] is ArrowFunctionExpression { Async: false, Params.Count: 1, Params: [Identifier parameter], Body: Expression body }:
                {
                    if (locals.Count >= 4)
                    {
                        throw new UnsupportedException();
                    }
                    var inner = new Dictionary<string, int>(locals) { [parameter.Name] = locals.Count };
                    var slot = locals.Count;
                    var predicate = Compile(body, inner);
                    var some = method.Name == "some";
                    return frame =>
                    {
                        foreach (var item in Items(target(frame)))
                        {
                            frame.Locals[slot] = item;
                            if (Truthy(predicate(frame)) == some)
                            {
                                return some ? True : False;
                            }
                        }
                        return some ? False : True;
                    };
                }
            default:
                throw new UnsupportedException();
        }
    }

    private static IEnumerable<object?> Items(object? value) => value switch
    {
        IReadOnlyList<string> strings => strings,
        IReadOnlyList<object?> list => list,
        _ => throw new FallbackException(),
    };

    private static bool Includes(object? target, object? item)
    {
        switch (target)
        {
            case string s:
                return item is string part ? s.Contains(part, StringComparison.Ordinal) : throw new FallbackException();
            case IReadOnlyList<string> strings:
                if (item is not string text)
                {
                    return false;
                }
                for (var i = 0; i < strings.Count; i++)
                {
                    if (string.Equals(strings[i], text, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
                return false;
            case IReadOnlyList<object?> list:
                foreach (var element in list)
                {
                    if (SameValueZero(element, item))
                    {
                        return true;
                    }
                }
                return false;
            default:
                throw new FallbackException();
        }
    }

    public static bool Truthy(object? value) => value switch
    {
        null or JsUndefined => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    private static bool StrictEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (JsUndefined, JsUndefined) => true,
        (double x, double y) => x == y,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (bool x, bool y) => x == y,
        (null, _) or (_, null) or (JsUndefined, _) or (_, JsUndefined) => false,
        (double or string or bool, double or string or bool) => false,
        _ => ReferenceEquals(a, b),
    };

    private static bool SameValueZero(object? a, object? b) =>
        a is double x && b is double y ? (double.IsNaN(x) && double.IsNaN(y)) || x == y : StrictEquals(a, b);

    private static bool LooseEquals(object? a, object? b) => (a, b) switch
    {
        (null or JsUndefined, null or JsUndefined) => true,
        (null or JsUndefined, _) or (_, null or JsUndefined) => false,
        (double or string or bool, double or string or bool) when a.GetType() == b.GetType() => StrictEquals(a, b),
        (double or string or bool, double or string or bool) => ToNumber(a) == ToNumber(b),
        _ => throw new FallbackException(),
    };

    private static object Compare(object? a, object? b, Func<int, bool> test)
    {
        if (a is string x && b is string y)
        {
            return test(string.CompareOrdinal(x, y)) ? True : False;
        }
        var l = ToNumber(a);
        var r = ToNumber(b);
        return double.IsNaN(l) || double.IsNaN(r) ? False : test(l.CompareTo(r)) ? True : False;
    }

    private static object Add(object? a, object? b) =>
        a is string || b is string ? ToJsString(a) + ToJsString(b) : ToNumber(a) + ToNumber(b);

    public static double ToNumber(object? value) => value switch
    {
        null => 0,
        JsUndefined => double.NaN,
        bool b => b ? 1 : 0,
        double d => d,
        string s => s.Trim() is var t && t.Length == 0 ? 0
            : double.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var n) ? n : double.NaN,
        _ => throw new FallbackException(),
    };

    private static string ToJsString(object? value) => value switch
    {
        null => "null",
        JsUndefined => "undefined",
        bool b => b ? "true" : "false",
        double d when double.IsNaN(d) => "NaN",
        double d when double.IsInfinity(d) => d > 0 ? "Infinity" : "-Infinity",
        double d => d == Math.Floor(d) && Math.Abs(d) < 1e21 ? d.ToString("0", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture),
        string s => s,
        _ => throw new FallbackException(),
    };
}
