using System.Globalization;
using System.Text;
using Studio.Core.Experiments.Statistics;

namespace Studio.Core.Simulation;

/// <summary>The expected funnel of one arm (or of the whole script when it has no split).</summary>
public sealed record SimulatedArm(string Arm, int Members, int Reached, int Engaged, int Consent, int WecomAdd)
{
    public double ConsentRate => Reached == 0 ? 0 : (double)Consent / Reached;
}

public sealed record SimulatedPersona(Persona Persona, int Members, int Reached, int Consent);

public sealed record DeadEnd(string Node, string Reason, int Count, string ExampleMember);

public sealed record CommonPath(string Path, int Count);

/// <summary>
/// What a simulation found: funnel per arm, outcomes and grades, dead ends (conversations that ended in error or
/// never ended), the most common paths, per-persona results and how often the recogniser understood the member.
/// </summary>
public sealed class SimulationReport
{
    /// <summary>Arm name of conversations that never reached a split.</summary>
    public const string NoArm = "-";

    public required int Members { get; init; }
    public required IReadOnlyList<SimulatedArm> Arms { get; init; }
    public required IReadOnlyList<SimulatedPersona> Personas { get; init; }
    public required IReadOnlyList<KeyValuePair<string, int>> Outcomes { get; init; }
    public required IReadOnlyList<KeyValuePair<char, int>> Grades { get; init; }
    public required IReadOnlyList<DeadEnd> DeadEnds { get; init; }
    public required IReadOnlyList<CommonPath> Paths { get; init; }
    public required string? Experiment { get; init; }

    /// <summary>Member utterances whose recognised intent was the one the persona meant.</summary>
    public required int Understood { get; init; }

    public required int Utterances { get; init; }

    /// <summary>Consent is an outcome naming consent, or grade A.</summary>
    public static bool IsConsent(SimulatedConversation c) =>
        c.Grade == 'A' || (c.Outcome?.Contains("consent", StringComparison.OrdinalIgnoreCase) ?? false);

    public static SimulationReport Build(IEnumerable<SimulatedConversation> conversations, int topPaths = 8)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        var all = conversations.ToList();
        var arms = all.GroupBy(c => c.Arm ?? NoArm).OrderBy(g => g.Key == NoArm).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SimulatedArm(g.Key, g.Count(), g.Count(c => c.Reached), g.Count(c => c.Engaged), g.Count(IsConsent), g.Count(c => c.WecomAddRequested)))
            .ToList();
        var personas = all.GroupBy(c => c.Persona).OrderBy(g => g.Key)
            .Select(g => new SimulatedPersona(g.Key, g.Count(), g.Count(c => c.Reached), g.Count(IsConsent))).ToList();
        var reached = all.Where(c => c.Reached).ToList();
        var utterances = reached.SelectMany(c => c.Turns).Where(t => t.IntendedIntent is not null).ToList();
        return new SimulationReport
        {
            Members = all.Count,
            Experiment = all.Select(c => c.Experiment).FirstOrDefault(e => e is not null),
            Arms = arms,
            Personas = personas,
            Outcomes = [.. reached.GroupBy(c => c.Outcome ?? "(not ended)").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Count()))],
            Grades = [.. reached.Where(c => c.Grade is not null).GroupBy(c => c.Grade!.Value).OrderBy(g => g.Key).Select(g => KeyValuePair.Create(g.Key, g.Count()))],
            DeadEnds = [.. reached.Where(c => c.DeadEnd is not null).GroupBy(c => (Node: c.DeadEndNode ?? "?", Reason: c.DeadEnd!))
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Node, StringComparer.Ordinal)
                .Select(g => new DeadEnd(g.Key.Node, g.Key.Reason, g.Count(), g.First().MemberId))],
            Paths = [.. reached.GroupBy(c => string.Join(" → ", c.Path()), StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(topPaths)
                .Select(g => new CommonPath(g.Key, g.Count()))],
            Utterances = utterances.Count,
            Understood = utterances.Count(t => t.Result.Recognition?.Intent == t.IntendedIntent),
        };
    }

    /// <summary>The report as the CLI prints it.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Simulated {Members} members{(Experiment is null ? "" : $", experiment '{Experiment}'")}");
        text.AppendLine();
        text.AppendLine("Expected funnel per arm (consent rate of reached members, Wilson 95% CI):");
        text.AppendLine("  arm        members  reached  engaged  consent  wecom_add  consent rate");
        foreach (var arm in Arms)
        {
            var ci = Proportions.Wilson(arm.Consent, arm.Reached);
            text.AppendLine(c, $"  {arm.Arm,-10} {arm.Members,7}  {arm.Reached,7}  {arm.Engaged,7}  {arm.Consent,7}  {arm.WecomAdd,9}  {arm.ConsentRate,6:P1} ({ci.Lower * 100:0.0}–{ci.Upper * 100:0.0})");
        }
        text.AppendLine();
        text.AppendLine("Personas:");
        foreach (var p in Personas)
        {
            text.AppendLine(c, $"  {PersonaRules.Name(p.Persona),-16} {p.Members,6} members  {p.Reached,6} reached  consent {(p.Reached == 0 ? 0 : (double)p.Consent / p.Reached),6:P1}");
        }
        text.AppendLine();
        text.AppendLine("Outcomes: " + string.Join(", ", Outcomes.Select(o => $"{o.Key} {o.Value}")));
        text.AppendLine("Grades: " + string.Join(", ", Grades.Select(g => $"{g.Key} {g.Value}")));
        text.AppendLine(c, $"Recognition: {Understood} of {Utterances} member utterances understood as meant ({(Utterances == 0 ? 0 : (double)Understood / Utterances):P1})");
        text.AppendLine();
        if (DeadEnds.Count == 0)
        {
            text.AppendLine("Dead ends: none");
        }
        else
        {
            text.AppendLine(c, $"Dead ends: {DeadEnds.Sum(d => d.Count)} conversations");
            foreach (var d in DeadEnds)
            {
                text.AppendLine(c, $"  {d.Count,5} × at '{d.Node}': {d.Reason} (e.g. {d.ExampleMember})");
            }
        }
        text.AppendLine();
        text.AppendLine("Most common paths:");
        var reached = Arms.Sum(a => a.Reached);
        foreach (var path in Paths)
        {
            text.AppendLine(c, $"  {path.Count,5} ({(reached == 0 ? 0 : (double)path.Count / reached),5:P1})  {path.Path}");
        }
        return text.ToString();
    }
}
