using Studio.Core.Recognition;

namespace Studio.Core.Simulation;

/// <summary>The kinds of simulated member, each with rule-based behaviour.</summary>
public enum Persona
{
    /// <summary>Listens and agrees; sometimes asks a question first.</summary>
    Cooperative,

    /// <summary>Says they are busy; may accept a callback.</summary>
    Busy,

    /// <summary>Asks about price and details before deciding; agrees about half the time.</summary>
    PriceSensitive,

    /// <summary>Refuses, opts out or complains; hangs up early.</summary>
    Hostile,

    /// <summary>Asks whether it is a robot and how the number was obtained, then decides.</summary>
    RobotAsker,

    /// <summary>Says nothing; hangs up after a while.</summary>
    Silent,
}

/// <summary>What a simulated member does at a question.</summary>
public readonly record struct PersonaAction(PersonaActionKind Kind, string? Intent = null, string? Text = null);

public enum PersonaActionKind
{
    Speak,
    Silence,
    HangUp,
}

/// <summary>
/// The rules of each persona: given what the question expects (its intent ports) and how far the conversation is,
/// pick an intent (or silence, or a hang-up) with seeded randomness, then an utterance from the phrase bank.
/// </summary>
public static class PersonaRules
{
    public static readonly IReadOnlyDictionary<string, Persona> Names = new Dictionary<string, Persona>(StringComparer.OrdinalIgnoreCase)
    {
        ["cooperative"] = Persona.Cooperative,
        ["busy"] = Persona.Busy,
        ["price-sensitive"] = Persona.PriceSensitive,
        ["price"] = Persona.PriceSensitive,
        ["hostile"] = Persona.Hostile,
        ["robot-asker"] = Persona.RobotAsker,
        ["robot"] = Persona.RobotAsker,
        ["silent"] = Persona.Silent,
    };

    /// <summary>The default mix of a dormant-member list (percent).</summary>
    public static readonly IReadOnlyDictionary<Persona, double> DefaultMix = new Dictionary<Persona, double>
    {
        [Persona.Cooperative] = 40,
        [Persona.Busy] = 15,
        [Persona.PriceSensitive] = 15,
        [Persona.Hostile] = 10,
        [Persona.RobotAsker] = 10,
        [Persona.Silent] = 10,
    };

    public static string Name(Persona persona) => persona switch
    {
        Persona.PriceSensitive => "price-sensitive",
        Persona.RobotAsker => "robot-asker",
        _ => persona.ToString().ToLowerInvariant(),
    };

    private static readonly HashSet<string> Negative = new(StringComparer.Ordinal)
    {
        SystemIntents.Deny, SystemIntents.OptOut, SystemIntents.Complaint, SystemIntents.WrongPerson, SystemIntents.Busy,
        SystemIntents.AlreadyDone, SystemIntents.OutOfScope,
    };

    /// <summary>
    /// The persona's move at a question. <paramref name="expected"/> are the question's intent ports;
    /// <paramref name="turn"/> counts the member's answers so far; <paramref name="said"/> the intents already used.
    /// </summary>
    public static PersonaAction Act(Persona persona, IReadOnlyList<string> expected, int turn, IReadOnlySet<string> said, Random random, double agreeBias = 0)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(random);
        var roll = random.NextDouble();
        if (turn == 0 && persona is Persona.Cooperative or Persona.PriceSensitive && roll >= 0.05)
        {
            // The first question is usually "is this Ms Wang?": members who will talk at all confirm who they are.
            return expected.Contains(SystemIntents.Affirm) && random.NextDouble() < 0.95
                ? new(PersonaActionKind.Speak, SystemIntents.Affirm)
                : new(PersonaActionKind.Speak, SystemIntents.WrongPerson);
        }
        switch (persona)
        {
            case Persona.Silent:
                if (roll < 0.15 * turn)
                {
                    return new(PersonaActionKind.HangUp);
                }
                return roll < 0.85 ? new(PersonaActionKind.Silence) : Agreeable(expected, random, 0.5 + agreeBias);
            case Persona.Hostile:
                if (roll < 0.12 + 0.1 * turn)
                {
                    return new(PersonaActionKind.HangUp);
                }
                return random.NextDouble() switch
                {
                    < 0.45 => new(PersonaActionKind.Speak, SystemIntents.Deny),
                    < 0.65 => new(PersonaActionKind.Speak, SystemIntents.OptOut),
                    < 0.80 => new(PersonaActionKind.Speak, SystemIntents.Complaint),
                    < 0.90 => new(PersonaActionKind.Speak, SystemIntents.AskHowGotNumber),
                    _ => new(PersonaActionKind.Speak, SystemIntents.OutOfScope),
                };
            case Persona.Busy:
                if (!said.Contains(SystemIntents.Busy))
                {
                    return roll < 0.1 ? new(PersonaActionKind.HangUp) : new(PersonaActionKind.Speak, SystemIntents.Busy);
                }
                if (roll < 0.25)
                {
                    return new(PersonaActionKind.HangUp);
                }
                return Agreeable(expected, random, 0.45 + agreeBias);
            case Persona.PriceSensitive:
                if (!said.Contains(SystemIntents.AskPrice) && roll < 0.7)
                {
                    return new(PersonaActionKind.Speak, SystemIntents.AskPrice);
                }
                if (!said.Contains(SystemIntents.AskDetail) && roll < 0.4)
                {
                    return new(PersonaActionKind.Speak, SystemIntents.AskDetail);
                }
                if (roll > 0.95)
                {
                    return new(PersonaActionKind.HangUp);
                }
                return Agreeable(expected, random, 0.5 + agreeBias);
            case Persona.RobotAsker:
                if (!said.Contains(SystemIntents.AskIsRobot))
                {
                    return new(PersonaActionKind.Speak, SystemIntents.AskIsRobot);
                }
                if (!said.Contains(SystemIntents.AskHowGotNumber) && roll < 0.6)
                {
                    return new(PersonaActionKind.Speak, SystemIntents.AskHowGotNumber);
                }
                if (roll > 0.9)
                {
                    return new(PersonaActionKind.HangUp);
                }
                return Agreeable(expected, random, 0.45 + agreeBias);
            default:
                if (roll < 0.03)
                {
                    return new(PersonaActionKind.Silence);
                }
                if (roll < 0.05)
                {
                    return new(PersonaActionKind.HangUp);
                }
                if (!said.Contains(SystemIntents.AskDetail) && roll < 0.12)
                {
                    return new(PersonaActionKind.Speak, SystemIntents.AskDetail);
                }
                return Agreeable(expected, random, 0.85 + agreeBias);
        }
    }

    /// <summary>
    /// Agree with probability <paramref name="agree"/>: affirm, or another positive port of the question (a script
    /// intent such as same_number); otherwise refuse.
    /// </summary>
    private static PersonaAction Agreeable(IReadOnlyList<string> expected, Random random, double agree)
    {
        if (random.NextDouble() < Math.Clamp(agree, 0, 1))
        {
            var positive = expected.Where(i => !Negative.Contains(i) && !i.StartsWith("ask_", StringComparison.Ordinal)).ToList();
            if (positive.Count == 0 || (positive.Contains(SystemIntents.Affirm) && random.NextDouble() < 0.75))
            {
                return new(PersonaActionKind.Speak, SystemIntents.Affirm);
            }
            return new(PersonaActionKind.Speak, positive[random.Next(positive.Count)]);
        }
        return new(PersonaActionKind.Speak, SystemIntents.Deny);
    }
}
