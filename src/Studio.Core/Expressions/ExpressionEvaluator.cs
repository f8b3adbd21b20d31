using System.Globalization;
using System.Text.RegularExpressions;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Studio.Core.Expressions;

/// <summary>A script expression (condition, assignment, grade rule) parsed once per script version.</summary>
public sealed class CompiledExpression
{
    internal CompiledExpression(string source, Prepared<Script>? prepared, string? syntaxError)
    {
        Source = source;
        Prepared = prepared;
        SyntaxError = syntaxError;
        Fast = prepared is null ? null : FastExpression.TryCompile(source);
    }

    public string Source { get; }
    internal Prepared<Script>? Prepared { get; }

    /// <summary>The Jint-free evaluator, when the expression is in the fast subset.</summary>
    internal FastExpression.Evaluator? Fast { get; }

    /// <summary>Whether the expression runs without Jint (tests and diagnostics).</summary>
    public bool IsFast => Fast is not null;

    /// <summary>Why the expression does not compile, or null.</summary>
    public string? SyntaxError { get; }
}

/// <summary>The result of evaluating an expression: a value, or the reason it failed.</summary>
public readonly record struct ExpressionResult(object? Value, string? Error)
{
    public bool Succeeded => Error is null;

    public bool IsTrue => Error is null && Value switch
    {
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        null => false,
        _ => true,
    };
}

/// <summary>
/// Evaluates script expressions in Jint under hard limits (time, statements, memory, recursion), so a
/// broken or hostile expression fails one turn instead of hanging or crashing the bot. Each expression
/// runs as a strict-mode function body: declarations cannot leak between conversations.
/// </summary>
public static class ExpressionEvaluator
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(1000);
    public const int MaxStatements = 10_000;
    public const long MaxMemoryBytes = 4_000_000;
    public const int MaxRecursion = 64;

    [ThreadStatic]
    private static Engine? t_engine;

    [ThreadStatic]
    private static ScriptClock? t_clock;

    public static CompiledExpression Compile(string source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return new CompiledExpression(source, null, "the expression is empty");
        }
        try
        {
            var prepared = Engine.PrepareScript(Wrap(source), strict: true);
            return new CompiledExpression(source, prepared, null);
        }
        catch (Exception ex)
        {
            return new CompiledExpression(source, null, DescribeSyntax(Describe(ex), source));
        }
    }

    /// <summary>
    /// Jint reports positions in the wrapper (the expression starts on line 2): report them in the
    /// expression, and an error past its end as an incomplete expression.
    /// </summary>
    private static string DescribeSyntax(string message, string source)
    {
        message = message.Replace("Could not prepare script: ", "", StringComparison.Ordinal);
        var position = Regex.Match(message, @"\s*\(<anonymous>:(?<line>\d+):(?<column>\d+)\)");
        if (!position.Success)
        {
            return message;
        }
        var what = message[..position.Index];
        var line = int.Parse(position.Groups["line"].Value, CultureInfo.InvariantCulture) - 1;
        var lines = source.Split('\n').Length;
        if (line > lines)
        {
            return "the expression is incomplete (it ends where more was expected)";
        }
        var column = position.Groups["column"].Value;
        return lines == 1 ? $"{what} at column {column}" : $"{what} at line {line}, column {column}";
    }

    // The source sits on a line of its own so a trailing // comment cannot swallow the closing brackets.
    private static string Wrap(string source) => "(function(){ return (\n" + source + "\n); })()";

    [ThreadStatic]
    private static FastExpression.Frame? t_frame;

    /// <summary>Evaluates an expression over a scope: the fast path when it can, Jint otherwise.</summary>
    public static ExpressionResult Evaluate(CompiledExpression expression, IExpressionScope scope, DateTimeOffset now)
    {
        if (expression.Fast is { } fast)
        {
            var frame = t_frame ??= new FastExpression.Frame();
            frame.Scope = scope;
            try
            {
                var value = fast(frame);
                return new ExpressionResult(value is JsUndefined ? null : value, null);
            }
            catch (FastExpression.NotDefinedException ex)
            {
                return new ExpressionResult(null, ex.Message);
            }
            catch (FastExpression.FallbackException)
            {
                // A value the fast path does not model: JavaScript decides.
            }
            finally
            {
                frame.Scope = null!;
            }
        }
        return EvaluateInJint(expression, scope.Globals(), now);
    }

    /// <summary>Evaluates with the given global values (plain CLR values, dictionaries and lists).</summary>
    public static ExpressionResult Evaluate(CompiledExpression expression, IReadOnlyDictionary<string, object?> scope, DateTimeOffset now) =>
        Evaluate(expression, new DictionaryScope(scope), now);

    /// <summary>Always evaluates in Jint (differential tests compare both paths).</summary>
    internal static ExpressionResult EvaluateInJint(CompiledExpression expression, IReadOnlyDictionary<string, object?> scope, DateTimeOffset now)
    {
        if (expression.Prepared is not { } prepared)
        {
            return new ExpressionResult(null, expression.SyntaxError ?? "the expression does not compile");
        }
        var engine = t_engine ??= CreateEngine();
        t_clock!.Now = now;
        try
        {
            foreach (var (name, value) in scope)
            {
                engine.SetValue(name, ToJs(engine, value));
            }
            var result = engine.Evaluate(prepared);
            return new ExpressionResult(FromJs(result), null);
        }
        catch (Exception ex)
        {
            return new ExpressionResult(null, Describe(ex));
        }
    }

    private static Engine CreateEngine()
    {
        t_clock = new ScriptClock();
        return new Engine(options =>
        {
            options.TimeoutInterval(Timeout);
            options.MaxStatements(MaxStatements);
            options.LimitMemory(MaxMemoryBytes);
            options.LimitRecursion(MaxRecursion);
            options.Strict();
            options.TimeSystem = t_clock;
            options.Culture = System.Globalization.CultureInfo.InvariantCulture;
        });
    }

    private static JsValue ToJs(Engine engine, object? value) => value switch
    {
        null => JsValue.Null,
        string s => new JsString(s),
        bool b => b ? JsBoolean.True : JsBoolean.False,
        int i => new JsNumber(i),
        long l => new JsNumber(l),
        double d => new JsNumber(d),
        decimal m => new JsNumber((double)m),
        IReadOnlyDictionary<string, object?> map => JsObject.CreateFromEntries(engine, map.Select(kv => KeyValuePair.Create(kv.Key, ToJs(engine, kv.Value)))),
        IEnumerable<string> list => new JsArray(engine, list.Select(x => (JsValue)new JsString(x)).ToArray()),
        _ => new JsString(value.ToString() ?? ""),
    };

    private static object? FromJs(JsValue value) => value.Type switch
    {
        Types.Boolean => value.AsBoolean(),
        Types.Number => value.AsNumber(),
        Types.String => value.AsString(),
        Types.Undefined or Types.Null => null,
        _ => value.ToString(),
    };

    private static string Describe(Exception ex) => ex switch
    {
        TimeoutException => $"the expression ran longer than {Timeout.TotalMilliseconds:0} ms",
        StatementsCountOverflowException => $"the expression ran more than {MaxStatements:N0} statements",
        MemoryLimitExceededException => $"the expression used more than {MaxMemoryBytes / 1_000_000} MB",
        RecursionDepthOverflowException => $"the expression recursed deeper than {MaxRecursion}",
        JavaScriptException js => js.Message,
        _ => Clean(ex.Message),
    };

    // Parser messages count lines from our wrapper; the expression is on line 2.
    private static string Clean(string message) =>
        message.Replace("Line 2:", "at column", StringComparison.Ordinal).Replace(" (2:", " (column ", StringComparison.Ordinal);

    /// <summary>Date in expressions follows the engine's TimeProvider, so stories replay exactly.</summary>
    private sealed class ScriptClock : DefaultTimeSystem
    {
        public ScriptClock() : base(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), System.Globalization.CultureInfo.InvariantCulture)
        {
        }

        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
    }
}
