using System.Globalization;
using System.Text.Json;
using Studio.Core.Dialogs;
using Studio.Core.Scripts;

namespace Studio.Cli.Chat;

/// <summary>
/// One terminal chat on the engine: turns lines (member text or /commands) into engine inputs and prints
/// what the bot says plus a dim line of what the engine decided. The same engine the runtime uses.
/// </summary>
public sealed class ChatSession(CompiledScript script, DialogEngine engine, ConversationStart start, CliContext context)
{
    private ConversationState? _state;
    private TurnResult? _last;

    public const string Prompt = "you> ";
    private const string BotPrefix = "bot> ";
    private const string Indent = "     ";

    public ConversationState? State => _state;

    public static string ChannelName(Channel channel) => channel == Channel.Voice ? "voice" : "wecom";

    public static readonly IReadOnlyList<(string Command, string Help)> Commands =
    [
        ("/silence", "the member says nothing (no input)"),
        ("/dtmf 1", "the member presses keys"),
        ("/hangup", "the member hangs up"),
        ("/timer [name]", "a timer fires (WeCom follow-up)"),
        ("/restart", "start the conversation again"),
        ("/vars", "show variables, arms, offer and member"),
        ("/trace", "show the engine's trace of the last turn"),
        ("/help", "this list"),
        ("/quit", "leave (end of input also leaves)"),
    ];

    /// <summary>Starts the conversation and prints the opening turn.</summary>
    public void Begin()
    {
        var s = script.Script;
        var member = start.Member;
        context.Out.WriteLine(context.Dim(
            $"studio chat · {(string.IsNullOrWhiteSpace(s.Name) ? s.Id : s.Name)} ({s.Id}) · {ChannelName(start.Channel)} · member {member.Id} ({member.Salutation}) · /help for commands"));
        Step(TurnInput.Begin(start));
    }

    /// <summary>Handles one line of input; false when the user asked to quit.</summary>
    public bool Handle(string line)
    {
        var text = line.Trim();
        if (text.Length == 0)
        {
            return true;
        }
        if (!text.StartsWith('/'))
        {
            Send(TurnInput.Say(text));
            return true;
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var command = (space < 0 ? text : text[..space]).ToLowerInvariant();
        var argument = space < 0 ? "" : text[(space + 1)..].Trim();
        switch (command)
        {
            case "/silence":
                Send(TurnInput.Silence());
                break;
            case "/dtmf":
                if (argument.Length == 0 || !argument.All(c => char.IsAsciiDigit(c) || c is '*' or '#'))
                {
                    Note("usage: /dtmf 1   (keys 0-9, * and #)");
                    break;
                }
                Send(TurnInput.Keys(argument));
                break;
            case "/hangup":
                Send(TurnInput.HangUp());
                break;
            case "/timer":
                Send(TurnInput.TimerFired(argument.Length > 0 ? argument : "followup"));
                break;
            case "/restart":
                context.Out.WriteLine(context.Dim("--- restart ---"));
                Step(TurnInput.Begin(start));
                break;
            case "/vars":
                PrintVariables();
                break;
            case "/trace":
                PrintTrace();
                break;
            case "/help" or "/?":
                foreach (var (name, help) in Commands)
                {
                    context.Out.WriteLine(context.Dim($"  {name,-14} {help}"));
                }
                context.Out.WriteLine(context.Dim("  anything else is what the member says"));
                break;
            case "/quit" or "/exit":
                return false;
            default:
                Note($"unknown command {command}; /help lists the commands");
                break;
        }
        return true;
    }

    private void Send(TurnInput input)
    {
        if (_state is { IsEnded: true })
        {
            Note($"the conversation has ended ({_state.Outcome}); /restart starts again, /quit leaves");
            return;
        }
        Step(input);
    }

    private void Step(TurnInput input)
    {
        var result = engine.Step(script, input.Kind == InputKind.Start ? null : _state, input);
        _state = result.State;
        _last = result;
        Print(input, result);
    }

    private void Print(TurnInput input, TurnResult result)
    {
        var voice = result.State.Channel == Channel.Voice;
        foreach (var message in result.Messages)
        {
            if (message.Text.Length > 0)
            {
                context.Out.WriteLine(BotPrefix + context.Bold(message.Text));
            }
            if (voice && message.SpokenText != message.Text && message.SpokenText.Length > 0)
            {
                context.Out.WriteLine(context.Dim(Indent + "tts: " + message.SpokenText));
            }
            if (!voice && message.Card is { } card)
            {
                var parts = new[] { card.Title, card.Description, card.Url ?? card.Page, card.ImageUrl }.Where(p => !string.IsNullOrEmpty(p));
                context.Out.WriteLine(Indent + $"[{CardName(card.Type)}] " + string.Join(" · ", parts));
            }
        }
        context.Out.WriteLine(context.Dim("  · " + string.Join(" · ", Info(input, result))));
        if (result.Ended)
        {
            context.Out.WriteLine(context.Dim("  conversation ended: /restart starts again, /quit leaves"));
        }
    }

    /// <summary>The parts of the info line: intent, node, actions, arms, outcome.</summary>
    private static List<string> Info(TurnInput input, TurnResult result)
    {
        var parts = new List<string>();
        if (result.Recognition is { } r)
        {
            var intent = $"intent {r.Intent} {r.Confidence.ToString("0.00", CultureInfo.InvariantCulture)} by {r.DecidedBy}";
            parts.Add(r.Explanation is null ? intent : $"{intent} ({r.Explanation})");
            if (r.Entities.Count > 0)
            {
                parts.Add("entities " + string.Join(", ", r.Entities.Select(e => $"{e.Key}={e.Value}")));
            }
        }
        else
        {
            switch (input.Kind)
            {
                case InputKind.NoInput: parts.Add("no input"); break;
                case InputKind.Dtmf: parts.Add("dtmf " + input.Digits); break;
                case InputKind.Hangup: parts.Add("hangup"); break;
                case InputKind.Timer: parts.Add("timer " + input.Reason); break;
            }
        }
        if (result.Messages.Any(m => m.IsGlobal))
        {
            parts.Add("global answer");
        }
        var state = result.State;
        parts.Add(result.Ended ? $"ended at {state.Node}" : $"node {result.Waiting?.NodeId ?? state.Node}");
        foreach (var action in result.Actions)
        {
            var parameters = string.Join(", ", action.Parameters.Select(p => $"{p.Key}={p.Value}"));
            parts.Add(parameters.Length == 0 ? $"action {ActionName(action.Type)}" : $"action {ActionName(action.Type)}({parameters})");
        }
        if (state.Arms.Count > 0)
        {
            parts.Add("arm " + string.Join(", ", state.Arms.Select(a => $"{a.Key}={a.Value}")));
        }
        if (result.Ended)
        {
            parts.Add($"outcome {state.Outcome} · grade {state.Grade}");
        }
        foreach (var error in result.Trace.Where(t => t.Kind == TraceKind.Error))
        {
            parts.Add("error: " + error.Detail);
        }
        return parts;
    }

    /// <summary>The action type as scripts spell it (wecom_add).</summary>
    public static string ActionName(ActionType type) => JsonSerializer.Serialize(type, ScriptJson.Options).Trim('"');

    private static string CardName(WecomMessageType type) => JsonSerializer.Serialize(type, ScriptJson.Options).Trim('"') + " card";

    private void PrintVariables()
    {
        if (_state is null)
        {
            Note("no conversation yet");
            return;
        }
        var s = script.Script;
        var lines = new List<string>();
        if (s.Variables.Count == 0 && _state.Vars.Count == 0)
        {
            lines.Add("variables: (none)");
        }
        foreach (var definition in s.Variables)
        {
            lines.Add(_state.Vars.TryGetValue(definition.Name, out var value)
                ? $"{definition.Name} = {value.GetRawText()}"
                : $"{definition.Name} = {(definition.Default is { } d ? d.GetRawText() : "null")} (default)");
        }
        foreach (var (name, value) in _state.Vars.Where(v => !s.Variables.Any(d => d.Name == v.Key)))
        {
            lines.Add($"{name} = {value.GetRawText()} (undeclared)");
        }
        lines.Add("arms: " + (_state.Arms.Count == 0 ? "(none yet)" : string.Join(", ", _state.Arms.Select(a => $"{a.Key}={a.Value}"))));
        if (_state.ForcedArms is { Count: > 0 } forced)
        {
            lines.Add("forced arms: " + string.Join(", ", forced.Select(a => a.Key == ConversationState.AnyExperiment ? $"{a.Value} in every split" : $"{a.Key}={a.Value}")));
        }
        lines.Add("offer: " + (_state.Offer is null ? "(none yet)" : $"{_state.Offer} ({OfferText(_state.Offer)})"));
        var m = _state.Member;
        lines.Add("member: " + string.Join(" ", new[] { ("id", m.Id), ("salutation", m.Salutation), ("tier", m.Tier), ("city", m.City), ("store", m.Store), ("phone", m.Phone) }
            .Where(f => !string.IsNullOrEmpty(f.Item2)).Select(f => $"{f.Item1}={f.Item2}")
            .Concat(m.Attributes.Select(a => $"{a.Key}={a.Value}"))));
        lines.Add("intents: " + (_state.Intents.Count == 0 ? "(none yet)" : string.Join(", ", _state.Intents)));
        lines.Add($"turn {_state.Turn} · node {_state.Node} · {(_state.IsEnded ? $"ended ({_state.Outcome}, grade {_state.Grade})" : "waiting")}");
        foreach (var line in lines)
        {
            context.Out.WriteLine(context.Dim("  " + line));
        }
    }

    private string OfferText(string offer)
    {
        if (script.Incentives.TryGetValue(offer, out var incentive))
        {
            return IncentiveText.Describe(incentive);
        }
        return script.IncentiveSets.TryGetValue(offer, out var set) ? set.Name : "?";
    }

    private void PrintTrace()
    {
        if (_last is null)
        {
            Note("no turn yet");
            return;
        }
        foreach (var step in _last.Trace)
        {
            context.Out.WriteLine(context.Dim("  " + step));
        }
    }

    private void Note(string text) => context.Out.WriteLine(context.Dim("  " + text));
}
