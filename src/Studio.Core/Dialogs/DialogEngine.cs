using System.Globalization;
using System.Text.Json;
using Studio.Core.Experiments;
using Studio.Core.Expressions;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Core.Templates;

namespace Studio.Core.Dialogs;

/// <summary>
/// The dialog engine: <c>Step(script, state, input) → outputs, new state, trace</c>. Pure and
/// deterministic for a seed and a clock: it performs no I/O (actions are returned for the host to do)
/// and never throws for anything a script or a member can do.
/// </summary>
public sealed class DialogEngine(IIntentRecognizer recognizer, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IIntentRecognizer Recognizer => recognizer;

    public TurnResult Step(CompiledScript script, ConversationState? state, TurnInput input)
    {
        var now = _time.GetUtcNow();
        Turn turn;
        if (input.Kind == InputKind.Start)
        {
            turn = new Turn(script, NewState(script, input.Start ?? new ConversationStart(new()), now), now);
        }
        else if (state is null)
        {
            return Ignored(script, new ConversationState { ScriptId = script.Script.Id, Version = script.Version, Status = ConversationStatus.Ended }, "there is no conversation to continue: start one first");
        }
        else if (state.IsEnded)
        {
            return Ignored(script, state, $"the conversation has ended ({state.Outcome}); input {input.Kind} ignored");
        }
        else
        {
            var next = state.Clone();
            next.Turn++;
            next.UpdatedAt = now;
            turn = new Turn(script, next, now);
        }

        try
        {
            Run(turn, input);
        }
        catch (Exception ex)
        {
            // A bug in the engine itself must not take the bot down: end this conversation cleanly.
            turn.Trace.Add(new TraceEvent(TraceKind.Error, turn.State.Node, "internal error: " + ex.Message));
            End(turn, turn.State.Node ?? "", Outcomes.Error, null);
        }
        return turn.Result();
    }

    private static TurnResult Ignored(CompiledScript script, ConversationState state, string why) => new()
    {
        Outputs = [],
        State = state,
        Trace = [new TraceEvent(TraceKind.Ignored, state.Node, why)],
    };

    private static ConversationState NewState(CompiledScript script, ConversationStart start, DateTimeOffset now)
    {
        var state = new ConversationState
        {
            ScriptId = script.Script.Id,
            Version = script.Version,
            Channel = start.Channel,
            Member = start.Member,
            Seed = start.Seed,
            StartedAt = now,
            UpdatedAt = now,
        };
        if (start.ForcedArms is { Count: > 0 } forced)
        {
            state.ForcedArms = new Dictionary<string, string>(forced);
        }
        if (start.Variables is { } variables)
        {
            foreach (var (name, text) in variables)
            {
                var definition = script.Script.Variables.FirstOrDefault(v => v.Name == name);
                state.Vars[name] = definition?.Type switch
                {
                    VariableType.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => JsonSerializer.SerializeToElement(n),
                    VariableType.Boolean when bool.TryParse(text, out var b) => JsonSerializer.SerializeToElement(b),
                    _ => JsonSerializer.SerializeToElement(text),
                };
            }
        }
        return state;
    }

    private void Run(Turn turn, TurnInput input)
    {
        var state = turn.State;
        switch (input.Kind)
        {
            case InputKind.Start:
                turn.Trace.Add(new TraceEvent(TraceKind.Input, null, "start"));
                Advance(turn, turn.Script.Script.StartNodeId);
                return;
            case InputKind.Hangup:
                turn.Trace.Add(new TraceEvent(TraceKind.Input, state.Node, "hangup"));
                End(turn, state.Node ?? "", input.Reason ?? Outcomes.Hangup, null);
                return;
        }

        if (state.Node is null || !turn.Script.Nodes.TryGetValue(state.Node, out var node) || node is not AskNode ask)
        {
            turn.Trace.Add(new TraceEvent(TraceKind.Error, state.Node, $"the conversation waits at '{state.Node}', which is not an ask node of this version"));
            End(turn, state.Node ?? "", Outcomes.Error, null);
            return;
        }

        switch (input.Kind)
        {
            case InputKind.Text:
                turn.Trace.Add(new TraceEvent(TraceKind.Input, ask.Id, input.Text));
                OnText(turn, ask, input);
                break;
            case InputKind.Dtmf:
                turn.Trace.Add(new TraceEvent(TraceKind.Input, ask.Id, "dtmf " + input.Digits));
                OnDtmf(turn, ask, input.Digits ?? "");
                break;
            case InputKind.NoInput:
            case InputKind.Timer:
                turn.Trace.Add(new TraceEvent(TraceKind.Input, ask.Id, input.Kind == InputKind.Timer ? "timer " + input.Reason : "no input"));
                OnNoInput(turn, ask);
                break;
        }
    }

    private void OnText(Turn turn, AskNode ask, TurnInput input)
    {
        var state = turn.State;
        var text = input.Text ?? "";
        state.LastText = text;
        if (ask.StoreAs is { } variable)
        {
            state.WritableVars()[variable] = JsonSerializer.SerializeToElement(text);
        }
        if (input.Confidence is { } asr && asr < turn.Script.Script.Settings.MinAsrConfidence)
        {
            turn.Trace.Add(new TraceEvent(TraceKind.Recognized, ask.Id, $"ASR confidence {asr:0.00} below {turn.Script.Script.Settings.MinAsrConfidence:0.00}"));
            OnNoMatch(turn, ask);
            return;
        }
        var expected = turn.Script.Expected.TryGetValue(ask.Id, out var e) ? e : [];
        var result = input.Recognition ?? recognizer.Recognize(new RecognitionRequest(text, input.Confidence, turn.Script, expected, state.Channel));
        turn.Recognition = result;
        turn.Trace.Add(new TraceEvent(TraceKind.Recognized, ask.Id, result.Intent));
        OnIntent(turn, ask, result.Intent);
    }

    private void OnDtmf(Turn turn, AskNode ask, string digits)
    {
        if (ask.Dtmf.TryGetValue(digits, out var intent))
        {
            turn.Recognition = new IntentResult(intent, 1, "dtmf") { NormalizedText = digits };
            turn.Trace.Add(new TraceEvent(TraceKind.Recognized, ask.Id, intent));
            OnIntent(turn, ask, intent);
            return;
        }
        turn.Trace.Add(new TraceEvent(TraceKind.Recognized, ask.Id, $"no mapping for key {digits}"));
        OnNoMatch(turn, ask);
    }

    private void OnIntent(Turn turn, AskNode ask, string intent)
    {
        var state = turn.State;
        if (intent != SystemIntents.OutOfScope)
        {
            var intents = state.WritableIntents();
            if (intents.Count >= ConversationState.MaxRememberedIntents)
            {
                intents.RemoveAt(0);
            }
            intents.Add(intent);
        }
        if (ask.Routes.TryGetValue(intent, out var target) && intent is not Ports.NoMatch and not Ports.NoInput)
        {
            turn.Trace.Add(new TraceEvent(TraceKind.Routed, ask.Id, intent));
            state.NoMatchCount = state.NoInputCount = 0;
            Advance(turn, target);
            return;
        }
        if (turn.Script.GlobalIntents.TryGetValue(intent, out var global))
        {
            turn.Trace.Add(new TraceEvent(TraceKind.Global, ask.Id, intent));
            if (global.Message is { } answer)
            {
                Say(turn, ask.Id, "global:" + intent, answer, isGlobal: true);
            }
            if (global.Then == GlobalIntent.ReturnToWaitingNode)
            {
                Say(turn, ask.Id, "prompt", ask.Message);
                Wait(turn, ask);
            }
            else
            {
                Advance(turn, global.Then);
            }
            return;
        }
        OnNoMatch(turn, ask);
    }

    private void OnNoMatch(Turn turn, AskNode ask) => Retry(turn, ask, ask.NoMatch, Ports.NoMatch, ++turn.State.NoMatchCount);

    private void OnNoInput(Turn turn, AskNode ask) => Retry(turn, ask, ask.NoInput, Ports.NoInput, ++turn.State.NoInputCount);

    /// <summary>Re-prompts while retries last (the reprompt, else the question again), then follows the fallback port.</summary>
    private void Retry(Turn turn, AskNode ask, RetryPolicy? policy, string port, int count)
    {
        var retries = policy?.Retries ?? turn.Script.Script.Settings.MaxRetries;
        if (count <= retries)
        {
            turn.Trace.Add(new TraceEvent(TraceKind.Retry, ask.Id, $"{port} {count}/{retries}"));
            Say(turn, ask.Id, policy?.Reprompt is null ? "prompt" : port, policy?.Reprompt ?? ask.Message);
            Wait(turn, ask);
            return;
        }
        Follow(turn, ask, port);
    }

    /// <summary>Leaves a node through a port; a missing route ends the conversation with an error.</summary>
    private void Follow(Turn turn, Node node, string port)
    {
        if (node.Routes.TryGetValue(port, out var target))
        {
            turn.Trace.Add(new TraceEvent(TraceKind.Routed, node.Id, port));
            Advance(turn, target);
            return;
        }
        turn.Trace.Add(new TraceEvent(TraceKind.Error, node.Id, $"node '{node.Id}' has no route for port '{port}'"));
        End(turn, node.Id, Outcomes.Error, null);
    }

    /// <summary>Runs nodes from <paramref name="nodeId"/> until the conversation waits or ends.</summary>
    private void Advance(Turn turn, string nodeId)
    {
        var state = turn.State;
        var maxHops = turn.Script.Script.Settings.MaxHopsPerTurn;
        while (true)
        {
            if (++turn.Hops > maxHops)
            {
                turn.Trace.Add(new TraceEvent(TraceKind.Error, nodeId, $"more than {maxHops} nodes in one turn without waiting for the member: a loop?"));
                End(turn, nodeId, Outcomes.Error, null);
                return;
            }
            if (!turn.Script.Nodes.TryGetValue(nodeId, out var node))
            {
                turn.Trace.Add(new TraceEvent(TraceKind.Error, nodeId, $"node '{nodeId}' does not exist"));
                End(turn, nodeId, Outcomes.Error, null);
                return;
            }
            turn.Trace.Add(new TraceEvent(TraceKind.Entered, node.Id, node.Kind));
            string? port;
            switch (node)
            {
                case SayNode say:
                    Say(turn, say.Id, "message", say.Message);
                    port = Ports.Next;
                    break;
                case AskNode ask:
                    state.NoMatchCount = state.NoInputCount = 0;
                    Say(turn, ask.Id, "prompt", ask.Message);
                    Wait(turn, ask);
                    return;
                case ConditionNode condition:
                    port = Decide(turn, condition);
                    break;
                case SplitNode split:
                    port = Expose(turn, split);
                    break;
                case OfferNode offer:
                    state.Offer = offer.Incentive ?? offer.IncentiveSet;
                    Say(turn, offer.Id, "message", offer.Message, incentiveId: state.Offer);
                    port = Ports.Next;
                    break;
                case ActionNode action:
                    turn.Outputs.Add(Request(turn, action));
                    port = Ports.Next;
                    break;
                case SetNode set:
                    port = Assign(turn, set);
                    break;
                case GotoNode jump:
                    if (jump.Routes.TryGetValue(Ports.Return, out var back))
                    {
                        state.WritableReturnStack().Add(back);
                    }
                    turn.Trace.Add(new TraceEvent(TraceKind.Routed, jump.Id, "goto " + jump.Target));
                    nodeId = jump.Target;
                    continue;
                case ReturnNode:
                    if (state.ReturnStack.Count == 0)
                    {
                        turn.Trace.Add(new TraceEvent(TraceKind.Error, node.Id, "return without a calling goto"));
                        End(turn, node.Id, Outcomes.Error, null);
                        return;
                    }
                    nodeId = state.ReturnStack[^1];
                    state.WritableReturnStack().RemoveAt(state.ReturnStack.Count - 1);
                    turn.Trace.Add(new TraceEvent(TraceKind.Routed, node.Id, "return " + nodeId));
                    continue;
                case EndNode end:
                    if (end.Message is { } farewell)
                    {
                        Say(turn, end.Id, "message", farewell);
                    }
                    End(turn, end.Id, end.Outcome, end.Grade);
                    return;
                default:
                    port = null;
                    break;
            }
            if (port is null)
            {
                return; // the node ended the conversation (an error without an error route)
            }
            if (!node.Routes.TryGetValue(port, out var target))
            {
                turn.Trace.Add(new TraceEvent(TraceKind.Error, node.Id, $"node '{node.Id}' has no route for port '{port}'"));
                End(turn, node.Id, Outcomes.Error, null);
                return;
            }
            turn.Trace.Add(new TraceEvent(TraceKind.Routed, node.Id, port));
            nodeId = target;
        }
    }

    private static string? Decide(Turn turn, ConditionNode condition)
    {
        foreach (var branch in condition.Branches)
        {
            var result = ExpressionEvaluator.Evaluate(turn.Script.Expression(branch.When), turn.Scope, turn.Now);
            if (!result.Succeeded)
            {
                return OnExpressionError(turn, condition, branch.When, result.Error!);
            }
            if (result.IsTrue)
            {
                return branch.Port;
            }
        }
        return Ports.Else;
    }

    private static string? Assign(Turn turn, SetNode set)
    {
        foreach (var (name, source) in set.Assign)
        {
            var result = ExpressionEvaluator.Evaluate(turn.Script.Expression(source), turn.Scope, turn.Now);
            if (!result.Succeeded)
            {
                return OnExpressionError(turn, set, source, result.Error!);
            }
            turn.State.WritableVars()[name] = JsonSerializer.SerializeToElement(result.Value);
        }
        return Ports.Next;
    }

    /// <summary>A failing expression follows the node's error route, or ends the conversation with outcome error.</summary>
    private static string? OnExpressionError(Turn turn, Node node, string source, string error)
    {
        turn.Trace.Add(new TraceEvent(TraceKind.Error, node.Id, $"expression `{source}` failed: {error}"));
        if (node.Routes.ContainsKey(Ports.Error))
        {
            return Ports.Error;
        }
        End(turn, node.Id, Outcomes.Error, null);
        return null;
    }

    private static string Expose(Turn turn, SplitNode split)
    {
        var state = turn.State;
        var first = !state.Arms.TryGetValue(split.Experiment, out var arm);
        if (first)
        {
            arm = ForcedArm(state, split) is { } forced
                ? forced
                : ArmAllocator.Assign(split.Experiment, state.Member.Id.Length > 0 ? state.Member.Id : state.Seed.ToString(CultureInfo.InvariantCulture), split.Arms);
            state.WritableArms()[split.Experiment] = arm!;
        }
        state.Experiment = split.Experiment;
        turn.Trace.Add(new TraceEvent(TraceKind.Exposure, split.Id, $"{split.Experiment}={arm}{(first ? "" : " (again)")}"));
        turn.Outputs.Add(new ArmExposure(split.Id, split.Experiment, arm!, first) { Experiment = split.Experiment, Arm = arm });
        return arm!;
    }

    /// <summary>An arm forced for this experiment, or for every experiment ("*"), if the split has it.</summary>
    private static string? ForcedArm(ConversationState state, SplitNode split)
    {
        if (state.ForcedArms is not { } forced)
        {
            return null;
        }
        var arm = forced.TryGetValue(split.Experiment, out var named) ? named : forced.TryGetValue(ConversationState.AnyExperiment, out var any) ? any : null;
        return arm is not null && split.Arms.Any(a => a.Id == arm) ? arm : null;
    }

    private static ActionRequest Request(Turn turn, ActionNode action)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        void Put(string key, string? template)
        {
            if (template is not null)
            {
                parameters[key] = turn.Render(template);
            }
        }
        switch (action.Action)
        {
            case ActionType.Tag:
                parameters["tags"] = string.Join(",", action.Tags);
                break;
            case ActionType.Sms:
                Put("text", action.Text);
                Put("template", action.Template);
                break;
            case ActionType.Webhook:
                Put("webhook", action.Webhook);
                foreach (var (key, value) in action.Payload)
                {
                    Put("payload." + key, value);
                }
                break;
            case ActionType.Transfer:
                Put("queue", action.Queue);
                Put("text", action.Text);
                break;
            case ActionType.Callback:
                var at = action.At is not null
                    ? turn.Render(action.At)
                    : turn.Now.AddMinutes(action.DelayMinutes ?? 60).ToString("O", CultureInfo.InvariantCulture);
                parameters["at"] = at;
                break;
            case ActionType.WecomAdd:
                Put("text", action.Text);
                break;
        }
        if (turn.State.Offer is { } offer)
        {
            parameters["offer"] = offer;
        }
        return new ActionRequest(action.Id, action.Action, parameters) { Experiment = turn.State.Experiment, Arm = turn.State.Arm };
    }

    /// <summary>Renders one variation of a message (never the same one twice in a row of the cycle) for every channel.</summary>
    private static void Say(Turn turn, string nodeId, string slot, Message message, string? incentiveId = null, bool isGlobal = false)
    {
        var texts = turn.Script.Texts(message);
        if (texts.Length == 0 && message.Voice?.Text is null && message.Wecom is null)
        {
            return;
        }
        var state = turn.State;
        var index = 0;
        if (texts.Length > 1)
        {
            var key = nodeId + ":" + slot;
            state.Used.TryGetValue(key, out var used);
            var all = (1 << Math.Min(texts.Length, 30)) - 1;
            var last = -1;
            if (used < 0)
            {
                last = -used - 1; // the last cycle ended with this one: the new cycle must not start with it
                used = 0;
            }
            else if ((used & all) == all)
            {
                used = 0; // every variation said once: start a new cycle
            }
            var free = texts.Length - System.Numerics.BitOperations.PopCount((uint)(used & all)) - (last >= 0 && last < texts.Length ? 1 : 0);
            var pick = (int)(StableHash.Of(state.Seed, key, state.Turn) % (ulong)free);
            for (index = 0; index < texts.Length; index++)
            {
                if ((used & (1 << index)) == 0 && index != last && pick-- == 0)
                {
                    break;
                }
            }
            used |= 1 << index;
            state.WritableUsed()[key] = (used & all) == all ? -(index + 1) : used;
        }
        var text = texts.Length > 0 ? turn.Render(texts[index]) : "";
        // Only calls are spoken; WeCom messages keep the written text.
        var spoken = state.Channel != Channel.Voice ? text : turn.Script.Spoken(message.Voice?.Text is { } voice ? turn.Render(voice) : text);
        var wecom = message.Wecom;
        if (wecom?.Text is { } wecomText && wecom.Type == WecomMessageType.Text)
        {
            text = turn.Render(wecomText);
        }
        WecomCard? card = null;
        if (wecom is not null && wecom.Type != WecomMessageType.Text)
        {
            string? Render(string? t) => t is null ? null : turn.Render(t);
            card = new WecomCard(wecom.Type, Render(wecom.Title), Render(wecom.Description ?? wecom.Text), Render(wecom.Url), Render(wecom.ImageUrl), wecom.AppId, Render(wecom.Page));
        }
        turn.Outputs.Add(new BotMessage(nodeId, text)
        {
            SpokenText = spoken,
            BargeIn = message.Voice?.BargeIn ?? turn.Script.Script.Settings.Voice.BargeIn,
            Card = card,
            IncentiveId = incentiveId,
            IsGlobal = isGlobal,
            Experiment = state.Experiment,
            Arm = state.Arm,
        });
    }

    private static void Wait(Turn turn, AskNode ask)
    {
        turn.State.Node = ask.Id;
        turn.State.Status = ConversationStatus.Waiting;
        var settings = turn.Script.Script.Settings.Voice;
        turn.Waiting = new WaitInfo(ask.Id, ask.TimeoutSeconds ?? settings.NoInputTimeoutSeconds,
            ask.Message.Voice?.BargeIn ?? settings.BargeIn, turn.Script.Expected.TryGetValue(ask.Id, out var e) ? e : []);
    }

    private static void End(Turn turn, string nodeId, string outcome, char? grade)
    {
        var state = turn.State;
        state.Status = ConversationStatus.Ended;
        state.Node = nodeId;
        state.Outcome = outcome;
        state.Grade = grade ?? GradeOf(turn, outcome);
        turn.Waiting = null;
        turn.Outputs.Add(new ConversationEnded(nodeId, outcome, state.Grade.Value) { Experiment = state.Experiment, Arm = state.Arm });
    }

    /// <summary>Default grade when no rule matches: C (neutral).</summary>
    public const char DefaultGrade = 'C';

    private static char GradeOf(Turn turn, string outcome)
    {
        foreach (var rule in turn.Script.Script.GradeRules)
        {
            turn.Scope.Outcome = outcome;
            var result = ExpressionEvaluator.Evaluate(turn.Script.Expression(rule.When), turn.Scope, turn.Now);
            if (!result.Succeeded)
            {
                turn.Trace.Add(new TraceEvent(TraceKind.Error, null, $"grade rule `{rule.When}` failed: {result.Error}"));
                continue;
            }
            if (result.IsTrue)
            {
                return rule.Grade;
            }
        }
        return outcome == Outcomes.Error ? 'F' : DefaultGrade;
    }

    /// <summary>The working set of one turn.</summary>
    private sealed class Turn(CompiledScript script, ConversationState state, DateTimeOffset now) : ITemplateScope
    {
        public CompiledScript Script { get; } = script;
        public ConversationState State { get; } = state;
        public DateTimeOffset Now { get; } = now;
        public List<TurnOutput> Outputs { get; } = new(4);
        public List<TraceEvent> Trace { get; } = new(8);
        public IntentResult? Recognition { get; set; }
        public WaitInfo? Waiting { get; set; }
        public int Hops { get; set; }

        private DialogScope? _scope;

        public DialogScope Scope => _scope ??= new DialogScope(Script, State, Now);

        /// <summary>Renders a template; constant texts never build the scope.</summary>
        public string Render(string template) => Script.Template(template).Render(this);

        string? ITemplateScope.Resolve(string root, string? field) => Scope.Resolve(root, field);

        public TurnResult Result() => new()
        {
            Outputs = Outputs,
            State = State,
            Trace = Trace,
            Recognition = Recognition,
            Waiting = Waiting,
        };
    }
}
