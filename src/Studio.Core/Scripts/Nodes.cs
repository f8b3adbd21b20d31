using System.Text.Json.Serialization;

namespace Studio.Core.Scripts;

/// <summary>
/// A node of the script graph. Every edge leaves through a named port in <see cref="Routes"/>
/// (port → target node id), so the canvas, the validator and the engine read the graph one way.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(SayNode), "say")]
[JsonDerivedType(typeof(AskNode), "ask")]
[JsonDerivedType(typeof(ConditionNode), "condition")]
[JsonDerivedType(typeof(SplitNode), "split")]
[JsonDerivedType(typeof(OfferNode), "offer")]
[JsonDerivedType(typeof(ActionNode), "action")]
[JsonDerivedType(typeof(SetNode), "set")]
[JsonDerivedType(typeof(GotoNode), "goto")]
[JsonDerivedType(typeof(ReturnNode), "return")]
[JsonDerivedType(typeof(EndNode), "end")]
public abstract class Node
{
    public static readonly IReadOnlyList<string> Kinds =
        ["say", "ask", "condition", "split", "offer", "action", "set", "goto", "return", "end"];

    public string Id { get; set; } = "";

    /// <summary>Display name on the canvas (e.g. 开场白).</summary>
    public string? Label { get; set; }

    public string? Comment { get; set; }
    public CanvasPosition? Position { get; set; }
    public Dictionary<string, string> Routes { get; set; } = [];

    [JsonIgnore]
    public string Kind => this switch
    {
        SayNode => "say",
        AskNode => "ask",
        ConditionNode => "condition",
        SplitNode => "split",
        OfferNode => "offer",
        ActionNode => "action",
        SetNode => "set",
        GotoNode => "goto",
        ReturnNode => "return",
        EndNode => "end",
        _ => "unknown",
    };

    public string? Route(string port) => Routes.TryGetValue(port, out var target) ? target : null;
}

public sealed record CanvasPosition(double X, double Y);

public static class Ports
{
    public const string Next = "next";
    public const string Else = "else";
    public const string Error = "error";
    public const string NoMatch = "noMatch";
    public const string NoInput = "noInput";
    public const string Return = "return";
}

/// <summary>播报: says a message, then continues.</summary>
public sealed class SayNode : Node
{
    public Message Message { get; set; } = new();
}

/// <summary>询问: asks, waits for the member, routes by recognised intent (ports are intent names).</summary>
public sealed class AskNode : Node
{
    public Message Message { get; set; } = new();
    public RetryPolicy? NoMatch { get; set; }
    public RetryPolicy? NoInput { get; set; }

    /// <summary>Keypad digits mapped to intents (e.g. "1" → affirm).</summary>
    public Dictionary<string, string> Dtmf { get; set; } = [];

    /// <summary>Overrides the voice no-input timeout for this question.</summary>
    public int? TimeoutSeconds { get; set; }

    /// <summary>Variable that receives the member's answer text.</summary>
    public string? StoreAs { get; set; }
}

/// <summary>How often to re-prompt before following the noMatch / noInput route.</summary>
public sealed class RetryPolicy
{
    /// <summary>Re-prompts before the fallback; the script's maxRetries when omitted.</summary>
    public int? Retries { get; set; }

    /// <summary>What to say when re-prompting; the question again when omitted.</summary>
    public Message? Reprompt { get; set; }
}

/// <summary>条件: the first branch whose Jint expression is true decides the port; else <c>else</c>.</summary>
public sealed class ConditionNode : Node
{
    public List<ConditionBranch> Branches { get; set; } = [];
}

public sealed class ConditionBranch
{
    public string Port { get; set; } = "";
    public string When { get; set; } = "";
}

/// <summary>A/B 分流: a member enters one arm of a named experiment, sticky by member id.</summary>
public sealed class SplitNode : Node
{
    public string Experiment { get; set; } = "";
    public List<Arm> Arms { get; set; } = [];

    /// <summary>What the experiment is judged on (e.g. wecom_add_accepted, order_placed, roi).</summary>
    public string? PrimaryMetric { get; set; }
}

public sealed class Arm
{
    public string Id { get; set; } = "";
    public string? Label { get; set; }

    /// <summary>Share of traffic in percent; the arms of a split total 100.</summary>
    public double Weight { get; set; }
}

/// <summary>利益点: presents an incentive (or a stacked set) from the library.</summary>
public sealed class OfferNode : Node
{
    public string? Incentive { get; set; }
    public string? IncentiveSet { get; set; }
    public Message Message { get; set; } = new();
}

/// <summary>动作: asks the host to do something; the engine never performs I/O itself.</summary>
public sealed class ActionNode : Node
{
    public ActionType Action { get; set; }

    /// <summary>tag: tags to add to the member.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>sms: message text (template); transfer: what to tell the member first.</summary>
    public string? Text { get; set; }

    /// <summary>sms: the approved SMS template id.</summary>
    public string? Template { get; set; }

    /// <summary>webhook: name of an endpoint configured in the host.</summary>
    public string? Webhook { get; set; }

    /// <summary>webhook: payload fields (templates).</summary>
    public Dictionary<string, string> Payload { get; set; } = [];

    /// <summary>transfer: queue or skill group of the human agents.</summary>
    public string? Queue { get; set; }

    /// <summary>callback: minutes from now, or a template resolving to an ISO time in <see cref="At"/>.</summary>
    public int? DelayMinutes { get; set; }

    public string? At { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ActionType>))]
public enum ActionType
{
    [JsonStringEnumMemberName("tag")] Tag,
    [JsonStringEnumMemberName("wecom_add")] WecomAdd,
    [JsonStringEnumMemberName("sms")] Sms,
    [JsonStringEnumMemberName("webhook")] Webhook,
    [JsonStringEnumMemberName("transfer")] Transfer,
    [JsonStringEnumMemberName("callback")] Callback,
}

/// <summary>赋值: sets variables from Jint expressions, then continues (or routes to <c>error</c>).</summary>
public sealed class SetNode : Node
{
    public Dictionary<string, string> Assign { get; set; } = [];
}

/// <summary>跳转: jumps to a node; with a <c>return</c> route it calls a sub-flow that ends in a return node.</summary>
public sealed class GotoNode : Node
{
    public string Target { get; set; } = "";
}

/// <summary>Ends a sub-flow: back to the calling goto's <c>return</c> route.</summary>
public sealed class ReturnNode : Node
{
}

/// <summary>结束: ends the conversation with an outcome and an intent grade (意向等级 A–F).</summary>
public sealed class EndNode : Node
{
    public string Outcome { get; set; } = "";

    /// <summary>Explicit grade; otherwise the script's grade rules decide.</summary>
    public char? Grade { get; set; }

    public Message? Message { get; set; }
}
