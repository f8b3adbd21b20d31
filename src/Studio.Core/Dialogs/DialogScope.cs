using System.Globalization;
using System.Text.Json;
using Studio.Core.Expressions;
using Studio.Core.Scripts;
using Studio.Core.Templates;

namespace Studio.Core.Dialogs;

/// <summary>
/// The values a turn's templates and expressions see: member, offer, arm, brand, now, last, channel
/// and the script's variables.
/// </summary>
internal sealed class DialogScope(CompiledScript script, ConversationState state, DateTimeOffset now) : ITemplateScope, IExpressionScope
{
    /// <summary>The outcome grade rules see while the conversation is ending.</summary>
    public string? Outcome { get; set; }

    private View? _member, _vars, _arms, _now, _last;

    public object? Resolve(string identifier) => identifier switch
    {
        "member" => _member ??= new View(name => IsMemberField(name) ? NumberOrText(state.Member.Field(name)) : JsUndefined.Value),
        "vars" => _vars ??= new View(name => IsVariable(name) ? VariableValue(name) : JsUndefined.Value),
        "arms" => _arms ??= new View(name => state.Arms.TryGetValue(name, out var arm) ? arm : JsUndefined.Value),
        "now" => _now ??= new View(name => name switch
        {
            "hour" => (double)Local.Hour,
            "weekday" => (double)(int)Local.DayOfWeek,
            "date" => Local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => JsUndefined.Value,
        }),
        "last" => _last ??= new View(name => name switch
        {
            "text" => state.LastText,
            "intent" => Resolve("last", "intent"),
            _ => JsUndefined.Value,
        }),
        "offer" => state.Offer,
        "arm" => state.Arm,
        "brand" => script.Script.Brand.Name,
        "channel" => Resolve("channel", null),
        "intents" => state.Intents,
        "outcome" => Outcome ?? state.Outcome,
        "turn" => (double)state.Turn,
        _ => IsVariable(identifier) ? VariableValue(identifier) : JsUndefined.NotDefined,
    };

    public IReadOnlyDictionary<string, object?> Globals() => ExpressionGlobals(Outcome);

    private bool IsMemberField(string name) =>
        Members.MemberProfile.StandardFields.Contains(name) || script.Script.MemberFields.Contains(name) || state.Member.Attributes.ContainsKey(name);

    private bool IsVariable(string name) => script.Script.Variables.Exists(v => v.Name == name);

    private object? VariableValue(string name)
    {
        if (state.Vars.TryGetValue(name, out var value))
        {
            return ToClr(value);
        }
        var definition = script.Script.Variables.Find(v => v.Name == name);
        return definition?.Default is { } d ? ToClr(d) : null;
    }

    /// <summary>An object seen by the fast expression path, answering one property at a time.</summary>
    private sealed class View(Func<string, object?> get) : IExpressionObject
    {
        public object? Get(string name) => get(name);
    }

    /// <summary>Roots every template may use besides the script's variables.</summary>
    public static readonly IReadOnlyList<string> Roots = ["member", "offer", "arm", "brand", "now", "last", "channel"];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RootFields = new Dictionary<string, IReadOnlyList<string>>
    {
        ["offer"] = IncentiveText.Fields,
        ["arm"] = ["id", "label", "experiment"],
        ["brand"] = ["name", "assistant", "hotline"],
        ["now"] = ["date", "time", "weekday", "greeting", "hour"],
        ["last"] = ["text", "intent"],
    };

    public static readonly TimeZoneInfo China = FindChinaTimeZone();

    private static TimeZoneInfo FindChinaTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("China Standard Time", TimeSpan.FromHours(8), "CST", "CST");
        }
    }

    private DateTime Local => TimeZoneInfo.ConvertTime(now, China).DateTime;

    public string? Resolve(string root, string? field) => root switch
    {
        "member" => state.Member.Field(field ?? "salutation"),
        "offer" => OfferField(field),
        "arm" => field switch { null or "id" => state.Arm, "experiment" => state.Experiment, "label" => ArmLabel(), _ => null },
        "brand" => field switch { null or "name" => script.Script.Brand.Name, "assistant" => script.Script.Brand.Assistant, "hotline" => script.Script.Brand.Hotline, _ => null },
        "now" => NowField(field),
        "last" => field switch { null or "text" => state.LastText, "intent" => state.Intents.Count > 0 ? state.Intents[^1] : null, _ => null },
        "channel" => state.Channel == Channel.Voice ? "voice" : "wecom",
        _ => Variable(root),
    };

    private string? OfferField(string? field)
    {
        if (state.Offer is null)
        {
            return null;
        }
        if (script.Incentives.TryGetValue(state.Offer, out var incentive))
        {
            return IncentiveText.Field(incentive, field);
        }
        if (script.IncentiveSets.TryGetValue(state.Offer, out var set))
        {
            var items = set.Items.Select(id => script.Incentives.TryGetValue(id, out var i) ? i : null).OfType<Incentive>().ToList();
            return field switch
            {
                null or "description" => string.Join("、", items.Select(IncentiveText.Describe)),
                "name" => set.Name,
                "id" => set.Id,
                "cost" => IncentiveText.Money(items.Sum(i => i.Cost)),
                _ => items.Count > 0 ? IncentiveText.Field(items[0], field) : null,
            };
        }
        return null;
    }

    private string? ArmLabel()
    {
        var arm = state.Arm;
        return script.Script.Nodes.OfType<SplitNode>().Where(s => s.Experiment == state.Experiment)
            .SelectMany(s => s.Arms).FirstOrDefault(a => a.Id == arm)?.Label ?? arm;
    }

    private string? NowField(string? field)
    {
        var local = Local;
        return field switch
        {
            null or "date" => $"{local.Month}月{local.Day}日",
            "time" => local.ToString("HH:mm", CultureInfo.InvariantCulture),
            "weekday" => "星期" + "日一二三四五六"[(int)local.DayOfWeek],
            "hour" => local.Hour.ToString(CultureInfo.InvariantCulture),
            "greeting" => local.Hour switch { < 11 => "上午好", < 13 => "中午好", < 18 => "下午好", _ => "晚上好" },
            _ => null,
        };
    }

    private string? Variable(string name)
    {
        if (state.Vars.TryGetValue(name, out var value))
        {
            return Format(value);
        }
        var definition = script.Script.Variables.FirstOrDefault(v => v.Name == name);
        return definition?.Default is { } d ? Format(d) : null;
    }

    private static string? Format(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetDouble().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    /// <summary>The globals an expression sees.</summary>
    public Dictionary<string, object?> ExpressionGlobals(string? outcome = null)
    {
        var member = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in MemberProfileFields())
        {
            member[field] = NumberOrText(state.Member.Field(field));
        }
        var vars = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var definition in script.Script.Variables)
        {
            vars[definition.Name] = state.Vars.TryGetValue(definition.Name, out var v) ? ToClr(v) : definition.Default is { } d ? ToClr(d) : null;
        }
        var globals = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["member"] = member,
            ["vars"] = vars,
            ["offer"] = state.Offer,
            ["arm"] = state.Arm,
            ["arms"] = state.Arms.ToDictionary(kv => kv.Key, kv => (object?)kv.Value),
            ["brand"] = script.Script.Brand.Name,
            ["channel"] = Resolve("channel", null),
            ["now"] = new Dictionary<string, object?> { ["hour"] = Local.Hour, ["weekday"] = (int)Local.DayOfWeek, ["date"] = Local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            ["last"] = new Dictionary<string, object?> { ["text"] = state.LastText, ["intent"] = Resolve("last", "intent") },
            ["intents"] = state.Intents,
            ["outcome"] = outcome ?? state.Outcome,
            ["turn"] = state.Turn,
        };
        foreach (var (name, value) in vars)
        {
            globals.TryAdd(name, value);
        }
        return globals;
    }

    private IEnumerable<string> MemberProfileFields() =>
        Members.MemberProfile.StandardFields.Concat(script.Script.MemberFields).Concat(state.Member.Attributes.Keys).Distinct();

    private static object? NumberOrText(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : text;

    internal static object? ToClr(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
