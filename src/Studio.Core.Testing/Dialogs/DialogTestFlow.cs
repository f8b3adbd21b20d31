using System.Globalization;
using System.Text;
using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Recognition;
using Studio.Core.Scripts;

namespace Studio.Core.Testing.Dialogs;

/// <summary>
/// Conversational tests in the spirit of Bot Framework's TestFlow:
/// <c>flow.Send("好的").AssertIntent("affirm").AssertNode("ask_wecom").AssertReply("企业微信")</c>.
/// Every call runs at once against the real engine; a failed assertion throws with the transcript.
/// </summary>
public sealed class DialogTestFlow
{
    private readonly CompiledScript _script;
    private readonly DialogEngine _engine;
    private readonly ManualClock _clock;
    private readonly StringBuilder _transcript = new();
    private readonly Dictionary<string, string> _forcedArms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private MemberProfile _member = new() { Id = "test-member", Surname = "张", Title = "女士", Name = "张丽" };
    private Channel _channel = Channel.Voice;
    private ulong _seed;
    private string _lastStep = "(not started)";

    public DialogTestFlow(CompiledScript script, IIntentRecognizer? recognizer = null, ManualClock? clock = null)
    {
        _script = script;
        _clock = clock ?? new ManualClock();
        _engine = new DialogEngine(recognizer ?? new KeywordRecognizer(), _clock);
    }

    public DialogTestFlow(Script script, IIntentRecognizer? recognizer = null, ManualClock? clock = null)
        : this(CompiledScript.Compile(script), recognizer, clock)
    {
    }

    /// <summary>Reads a script document; a document with read errors fails here with its diagnostics.</summary>
    public static DialogTestFlow FromJson(string json, IIntentRecognizer? recognizer = null)
    {
        var read = ScriptJson.Read(json);
        if (read.Script is null)
        {
            throw new DialogAssertionException("the script cannot be read:\n" + string.Join("\n", read.Diagnostics));
        }
        return new DialogTestFlow(read.Script, recognizer);
    }

    /// <summary>The result of the last turn.</summary>
    public TurnResult? Last { get; private set; }

    public ConversationState? State => Last?.State;

    public string Transcript => _transcript.ToString();

    public ManualClock Clock => _clock;

    // Configuration, before the conversation starts.

    public DialogTestFlow WithMember(MemberProfile member) => Configure(() => _member = member);

    public DialogTestFlow WithMember(params (string Key, string Value)[] pairs) =>
        Configure(() => _member = MemberProfile.FromPairs(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value))));

    /// <summary>Forces the arm of one experiment.</summary>
    public DialogTestFlow WithArm(string experiment, string arm) => Configure(() => _forcedArms[experiment] = arm);

    /// <summary>Forces the arm of every experiment.</summary>
    public DialogTestFlow WithArm(string arm) => Configure(() => _forcedArms[ConversationState.AnyExperiment] = arm);

    public DialogTestFlow WithChannel(Channel channel) => Configure(() => _channel = channel);

    public DialogTestFlow WithSeed(ulong seed) => Configure(() => _seed = seed);

    public DialogTestFlow WithVariable(string name, string value) => Configure(() => _variables[name] = value);

    private DialogTestFlow Configure(Action apply)
    {
        if (Last is not null)
        {
            throw new InvalidOperationException("configure the flow before the conversation starts");
        }
        apply();
        return this;
    }

    // Inputs.

    public DialogTestFlow Start()
    {
        var start = new ConversationStart(_member, _channel, _seed)
        {
            ForcedArms = _forcedArms.Count > 0 ? _forcedArms : null,
            Variables = _variables.Count > 0 ? _variables : null,
        };
        _transcript.AppendLine(CultureInfo.InvariantCulture, $"--- start ({(_channel == Channel.Voice ? "voice" : "wecom")}, member {_member.Id})");
        return Run("start", TurnInput.Begin(start), null);
    }

    public DialogTestFlow Send(string text, double? confidence = null) =>
        Input($"user: {text}", TurnInput.Say(text, confidence), $"USER {text}{(confidence is { } c ? $" (asr {c:0.00})" : "")}");

    public DialogTestFlow NoInput() => Input("noInput", TurnInput.Silence(), "USER (silence)");

    public DialogTestFlow Dtmf(string digits) => Input($"dtmf: {digits}", TurnInput.Keys(digits), $"USER (keys {digits})");

    public DialogTestFlow Hangup() => Input("hangup", TurnInput.HangUp(), "USER (hangs up)");

    public DialogTestFlow Timer(string name = "followup") => Input($"timer: {name}", TurnInput.TimerFired(name), $"TIMER {name}");

    private DialogTestFlow Input(string step, TurnInput input, string line)
    {
        if (Last is null)
        {
            Start();
        }
        _clock.Advance(TimeSpan.FromSeconds(5));
        return Run(step, input, line);
    }

    private DialogTestFlow Run(string step, TurnInput input, string? line)
    {
        _lastStep = step;
        var result = _engine.Step(_script, Last?.State, input);
        if (line is not null)
        {
            _transcript.AppendLine(line);
        }
        if (result.Recognition is { } r)
        {
            _transcript.AppendLine(CultureInfo.InvariantCulture, $"     → {r.Intent} {r.Confidence:0.00} ({r.DecidedBy})");
        }
        foreach (var output in result.Outputs)
        {
            _transcript.AppendLine(Describe(output));
        }
        foreach (var error in result.Trace.Where(t => t.Kind is TraceKind.Error or TraceKind.Ignored))
        {
            _transcript.AppendLine(CultureInfo.InvariantCulture, $"!    {error.Detail}");
        }
        Last = result;
        return this;
    }

    public static string Describe(TurnOutput output) => output switch
    {
        BotMessage m => $"BOT  [{m.NodeId}] {m.Text}{(m.Card is { } c ? $" [card {c.Type}: {c.Title}]" : "")}",
        ActionRequest a => $"ACT  [{a.NodeId}] {ActionName(a.Type)} {string.Join(" ", a.Parameters.Select(p => p.Key + "=" + p.Value))}".TrimEnd(),
        ArmExposure x => $"A/B  [{x.NodeId}] {x.ExperimentName} = {x.ArmId}",
        ConversationEnded e => $"END  [{e.NodeId}] {e.Outcome} ({e.Grade})",
        _ => output.ToString(),
    };

    public static string ActionName(ActionType type) => type switch
    {
        ActionType.Tag => "tag",
        ActionType.WecomAdd => "wecom_add",
        ActionType.Sms => "sms",
        ActionType.Webhook => "webhook",
        ActionType.Transfer => "transfer",
        ActionType.Callback => "callback",
        _ => type.ToString(),
    };

    // Assertions on the last turn.

    private TurnResult Current => Last ?? throw Fail("nothing happened yet: call Start() or Send() first");

    public DialogTestFlow AssertReply(string expected)
    {
        var text = Current.ReplyText;
        return text.Contains(expected, StringComparison.Ordinal) ? this : throw Fail($"expected the bot to say \"{expected}\" but it said \"{text}\"");
    }

    public DialogTestFlow AssertNoReply(string unexpected)
    {
        var text = Current.ReplyText;
        return !text.Contains(unexpected, StringComparison.Ordinal) ? this : throw Fail($"expected the bot not to say \"{unexpected}\" but it said \"{text}\"");
    }

    public DialogTestFlow AssertSpoken(string expected)
    {
        var spoken = string.Join(" ", Current.Messages.Select(m => m.SpokenText));
        return spoken.Contains(expected, StringComparison.Ordinal) ? this : throw Fail($"expected the spoken text to contain \"{expected}\" but it was \"{spoken}\"");
    }

    public DialogTestFlow AssertIntent(string intent)
    {
        var actual = Current.Recognition?.Intent;
        return actual == intent ? this : throw Fail($"expected intent '{intent}' but was '{actual ?? "(none)"}'");
    }

    public DialogTestFlow AssertNode(string nodeId)
    {
        var actual = Current.State.Node;
        return actual == nodeId ? this : throw Fail($"expected to be at node '{nodeId}' but was at '{actual}'");
    }

    public DialogTestFlow AssertAction(ActionType type)
    {
        var actions = Current.Actions.Select(a => ActionName(a.Type)).ToList();
        return Current.Actions.Any(a => a.Type == type) ? this
            : throw Fail($"expected action '{ActionName(type)}' but the turn requested [{string.Join(", ", actions)}]");
    }

    public DialogTestFlow AssertNoActions() =>
        !Current.Actions.Any() ? this : throw Fail($"expected no actions but the turn requested [{string.Join(", ", Current.Actions.Select(a => ActionName(a.Type)))}]");

    public DialogTestFlow AssertGlobal() =>
        Current.Messages.Any(m => m.IsGlobal) ? this : throw Fail("expected a global-intent answer in this turn");

    public DialogTestFlow AssertArm(string arm)
    {
        var actual = Current.State.Arm;
        return actual == arm ? this : throw Fail($"expected arm '{arm}' but was '{actual ?? "(none)"}'");
    }

    public DialogTestFlow AssertEnded(bool ended = true) =>
        Current.Ended == ended ? this : throw Fail(ended ? "expected the conversation to have ended" : $"expected the conversation to go on, but it ended ({Current.Outcome})");

    public DialogTestFlow AssertOutcome(string outcome)
    {
        if (!Current.Ended)
        {
            throw Fail($"expected outcome '{outcome}' but the conversation has not ended (waiting at '{Current.State.Node}')");
        }
        return Current.Outcome == outcome ? this : throw Fail($"expected outcome '{outcome}' but was '{Current.Outcome}'");
    }

    public DialogTestFlow AssertGrade(char grade)
    {
        var actual = Current.State.Grade;
        return actual == grade ? this : throw Fail($"expected grade '{grade}' but was '{actual?.ToString() ?? "(none)"}'");
    }

    private DialogAssertionException Fail(string message) =>
        new($"{message}\n  at step: {_lastStep}\n  transcript:\n{Indent(Transcript)}");

    private static string Indent(string text) =>
        string.Join("\n", text.TrimEnd().Split('\n').Select(l => "    " + l));
}
