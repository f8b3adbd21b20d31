using System.Globalization;
using Studio.Core.Dialogs;
using Studio.Core.Experiments;
using Studio.Core.Members;
using Studio.Core.Scripts;

namespace Studio.Core.Simulation;

/// <summary>How many members, which personas, how many pick up, and the seed.</summary>
public sealed record SimulationOptions
{
    public int Members { get; init; } = 1000;

    /// <summary>Persona shares (any positive numbers; normalised).</summary>
    public IReadOnlyDictionary<Persona, double> Mix { get; init; } = PersonaRules.DefaultMix;

    public ulong Seed { get; init; }

    /// <summary>Share of members who answer at all (the rest are never reached).</summary>
    public double AnswerRate { get; init; } = 1.0;

    /// <summary>Member answers after which a conversation that has not ended counts as a dead end (a loop).</summary>
    public int MaxTurns { get; init; } = 20;

    public Channel? Channel { get; init; }

    /// <summary>Member ids are this prefix and a six-digit number.</summary>
    public string MemberPrefix { get; init; } = "sim-";

    /// <summary>Shifts agreement per arm (e.g. B = −0.05): a planted true effect for demos and tests of the review.</summary>
    public IReadOnlyDictionary<string, double>? AgreeBiasByArm { get; init; }

    /// <summary>When the first conversation starts; conversations are spread from there.</summary>
    public DateTimeOffset StartTime { get; init; } = new(2026, 1, 5, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Time between conversation starts.</summary>
    public TimeSpan Spacing { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When member i's conversation starts (e.g. within calling hours); overrides start time and spacing.</summary>
    public Func<int, DateTimeOffset>? Schedule { get; init; }
}

/// <summary>One turn of a simulated conversation: what the member did, what they meant, what the engine did, when.</summary>
public sealed record SimulatedTurn(TurnInput Input, string? IntendedIntent, TurnResult Result, DateTimeOffset Time);

/// <summary>A whole simulated conversation.</summary>
public sealed class SimulatedConversation
{
    public required string MemberId { get; init; }
    public required Persona Persona { get; init; }
    public required bool Reached { get; init; }
    public required DateTimeOffset Start { get; init; }
    public List<SimulatedTurn> Turns { get; } = [];

    public string? Experiment { get; set; }
    public string? Arm { get; set; }
    public string? Outcome { get; set; }
    public char? Grade { get; set; }

    /// <summary>Why the conversation is a dead end (an engine error, or no end within the turn limit); null if it ended well.</summary>
    public string? DeadEnd { get; set; }

    public string? DeadEndNode { get; set; }

    public DateTimeOffset End => Turns.Count == 0 ? Start : Turns[^1].Time;

    public bool Engaged => Turns.Any(t => t.Input.Kind == InputKind.Text);

    public bool WecomAddRequested => Turns.Any(t => t.Result.Actions.Any(a => a.Type == ActionType.WecomAdd));

    /// <summary>Nodes entered, consecutive repeats collapsed, then the outcome in brackets.</summary>
    public IEnumerable<string> Path()
    {
        foreach (var node in Nodes())
        {
            yield return node;
        }
        yield return $"[{Outcome ?? DeadEnd ?? "not ended"}]";
    }

    private IEnumerable<string> Nodes()
    {
        string? last = null;
        foreach (var node in Turns.SelectMany(t => t.Result.Path))
        {
            if (node != last)
            {
                yield return node;
            }
            last = node;
        }
    }
}

/// <summary>
/// Runs the real <see cref="DialogEngine"/> (with whatever recogniser it was given) against rule-based simulated
/// members. Everything random comes from the seed and the member's index, so a seed reproduces every conversation.
/// </summary>
public sealed class PersonaSimulator(DialogEngine engine, PhraseBank phrases)
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];

    public IEnumerable<SimulatedConversation> Run(CompiledScript script, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Members < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"members must not be negative (got {options.Members})");
        }
        var mix = NormalisedMix(options.Mix);
        for (var i = 0; i < options.Members; i++)
        {
            yield return RunOne(script, i, options, mix);
        }
    }

    private SimulatedConversation RunOne(CompiledScript script, int index, SimulationOptions options, (Persona Persona, double Upto)[] mix)
    {
        var random = new Random((int)(StableHash.Of(options.Seed, index.ToString(CultureInfo.InvariantCulture), 17) & 0x7FFFFFFF));
        var persona = Pick(mix, random.NextDouble());
        var memberId = options.MemberPrefix + index.ToString("D6", CultureInfo.InvariantCulture);
        var start = options.Schedule?.Invoke(index) ?? options.StartTime + options.Spacing * index;
        var reached = random.NextDouble() < options.AnswerRate;
        var conversation = new SimulatedConversation { MemberId = memberId, Persona = persona, Reached = reached, Start = start };
        if (!reached)
        {
            return conversation;
        }

        var member = new MemberProfile
        {
            Id = memberId,
            Surname = Surnames[random.Next(Surnames.Length)],
            Title = random.NextDouble() < 0.6 ? "女士" : "先生",
        };
        var channel = options.Channel ?? (script.Script.Channels.Count > 0 ? script.Script.Channels[0] : Channel.Voice);
        var seed = StableHash.Of(options.Seed, memberId, 3);
        var clock = start;
        var result = engine.Step(script, null, TurnInput.Begin(new ConversationStart(member, channel, seed)));
        Record(conversation, TurnInput.Begin(new ConversationStart(member, channel, seed)), null, result, clock);
        var said = new HashSet<string>(StringComparer.Ordinal);
        var answers = 0;
        while (!result.Ended)
        {
            if (answers >= options.MaxTurns)
            {
                conversation.DeadEnd = $"no end after {options.MaxTurns} answers (a loop?)";
                conversation.DeadEndNode = result.State.Node;
                return conversation;
            }
            // The member hears the bot (about 4 characters a second), then answers after a pause.
            clock += TimeSpan.FromSeconds(result.ReplyText.Length / 4.0 + 1 + random.NextDouble() * 3);
            // The question's own intent ports (not the global ones): what an answer to this question would be.
            var expected = result.Waiting is { } waiting && script.Nodes.GetValueOrDefault(waiting.NodeId) is AskNode ask
                ? [.. ask.Routes.Keys.Where(p => p != Ports.NoMatch && p != Ports.NoInput)]
                : (IReadOnlyList<string>)[];
            var bias = conversation.Arm is { } arm && options.AgreeBiasByArm?.TryGetValue(arm, out var b) == true ? b : 0;
            var action = PersonaRules.Act(persona, expected, answers, said, random, bias);
            TurnInput input;
            switch (action.Kind)
            {
                case PersonaActionKind.HangUp:
                    input = TurnInput.HangUp();
                    break;
                case PersonaActionKind.Silence:
                    clock += TimeSpan.FromSeconds(result.Waiting?.TimeoutSeconds ?? 6);
                    input = TurnInput.Silence();
                    break;
                default:
                    var text = phrases.Pick(action.Intent!, random);
                    input = text is null ? TurnInput.Silence() : TurnInput.Say(text, 0.9);
                    said.Add(action.Intent!);
                    break;
            }
            result = engine.Step(script, result.State, input);
            answers++;
            Record(conversation, input, input.Kind == InputKind.Text ? action.Intent : null, result, clock);
        }
        return conversation;
    }

    private static void Record(SimulatedConversation conversation, TurnInput input, string? intent, TurnResult result, DateTimeOffset time)
    {
        conversation.Turns.Add(new SimulatedTurn(input, intent, result, time));
        foreach (var exposure in result.Outputs.OfType<ArmExposure>())
        {
            if (conversation.Experiment is null)
            {
                conversation.Experiment = exposure.ExperimentName;
                conversation.Arm = exposure.ArmId;
            }
        }
        if (result.Ended)
        {
            conversation.Outcome = result.State.Outcome;
            conversation.Grade = result.State.Grade;
            if (result.State.Outcome == Outcomes.Error)
            {
                var error = result.Trace.LastOrDefault(t => t.Kind == TraceKind.Error);
                conversation.DeadEnd = error.Detail ?? "ended with outcome error";
                conversation.DeadEndNode = error.NodeId ?? result.State.Node;
            }
        }
    }

    private static (Persona, double)[] NormalisedMix(IReadOnlyDictionary<Persona, double> mix)
    {
        var total = mix.Values.Where(v => v > 0).Sum();
        if (total <= 0)
        {
            throw new ArgumentException("the persona mix needs at least one positive share", nameof(mix));
        }
        var cumulative = 0.0;
        return [.. Enum.GetValues<Persona>().Where(p => mix.GetValueOrDefault(p) > 0).Select(p => (p, cumulative += mix[p] / total))];
    }

    private static Persona Pick((Persona Persona, double Upto)[] mix, double roll)
    {
        foreach (var (persona, upto) in mix)
        {
            if (roll < upto)
            {
                return persona;
            }
        }
        return mix[^1].Persona;
    }
}
