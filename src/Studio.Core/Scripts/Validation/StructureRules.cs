using Studio.Core.Dialogs;

namespace Studio.Core.Scripts.Validation;

/// <summary>The document's skeleton: nodes and channels present, ids and names present and unique, grades and outcomes valid.</summary>
internal static class StructureRules
{
    public static void Check(ValidationContext context)
    {
        var script = context.Script;
        if (script.Nodes.Count == 0)
        {
            context.Error(DiagnosticCodes.NoNodes, "the script has no nodes: add a first node (e.g. an ask that greets the member) and an end node", "$.nodes");
        }
        if (script.Channels.Count == 0)
        {
            context.Error(DiagnosticCodes.NoChannels, "the script has no channels: add \"voice\", \"wecom\" or both to 'channels'", "$.channels");
        }
        CheckNodeIds(context);
        CheckNames(context, script.Intents.Select(i => i.Name), "$.intents", "name", "intent");
        CheckNames(context, script.Variables.Select(v => v.Name), "$.variables", "name", "variable");
        CheckVariableNames(context);
        CheckIncentiveIds(context);
        CheckGlobalIntentNames(context);
        CheckGrades(context);
        CheckOutcomes(context);
    }

    private static void CheckNodeIds(ValidationContext context)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodes = context.Script.Nodes;
        for (var i = 0; i < nodes.Count; i++)
        {
            var path = ValidationContext.NodePath(i);
            var id = nodes[i].Id;
            if (string.IsNullOrWhiteSpace(id))
            {
                context.Error(DiagnosticCodes.MissingNodeId, $"the {nodes[i].Kind} node has no 'id': give it a unique id", path + ".id");
            }
            else if (!first.TryAdd(id, i))
            {
                context.Error(DiagnosticCodes.DuplicateNodeId,
                    $"node id '{id}' is already used by {ValidationContext.NodePath(first[id])}: give every node its own id", path + ".id", id);
            }
        }
    }

    /// <summary>Names of a list (intents, variables) must be present and unique.</summary>
    private static void CheckNames(ValidationContext context, IEnumerable<string> names, string listPath, string property, string what)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var name in names)
        {
            var path = $"{listPath}[{i}].{property}";
            if (string.IsNullOrWhiteSpace(name))
            {
                context.Error(DiagnosticCodes.MissingName, $"the {what} has no '{property}'", path);
            }
            else if (!seen.TryAdd(name, i))
            {
                context.Error(DiagnosticCodes.DuplicateName, $"{what} '{name}' is defined twice (also at {listPath}[{seen[name]}]): keep one", path);
            }
            i++;
        }
    }

    private static void CheckVariableNames(ValidationContext context)
    {
        var variables = context.Script.Variables;
        for (var i = 0; i < variables.Count; i++)
        {
            if (DialogScope.Roots.Contains(variables[i].Name))
            {
                context.Error(DiagnosticCodes.DuplicateName,
                    $"variable '{variables[i].Name}' has the name of a built-in template root, which templates would read instead: rename the variable",
                    $"$.variables[{i}].name");
            }
        }
    }

    /// <summary>Incentives and incentive sets share one namespace: an offer names either by id.</summary>
    private static void CheckIncentiveIds(ValidationContext context)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        void Check(string id, string itemPath, string what)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                context.Error(DiagnosticCodes.MissingName, $"the {what} has no 'id'", itemPath + ".id");
            }
            else if (!seen.TryAdd(id, itemPath))
            {
                context.Error(DiagnosticCodes.DuplicateName, $"{what} id '{id}' is already used by {seen[id]}: incentives and incentive sets need distinct ids", itemPath + ".id");
            }
        }
        for (var i = 0; i < context.Script.Incentives.Count; i++)
        {
            Check(context.Script.Incentives[i].Id, $"$.incentives[{i}]", "incentive");
        }
        for (var i = 0; i < context.Script.IncentiveSets.Count; i++)
        {
            Check(context.Script.IncentiveSets[i].Id, $"$.incentiveSets[{i}]", "incentive set");
        }
    }

    private static void CheckGlobalIntentNames(ValidationContext context)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var globals = context.Script.GlobalIntents;
        for (var i = 0; i < globals.Count; i++)
        {
            var path = $"$.globalIntents[{i}].intent";
            var intent = globals[i].Intent;
            if (string.IsNullOrWhiteSpace(intent))
            {
                context.Error(DiagnosticCodes.MissingName, "the global intent has no 'intent': name the intent it answers (e.g. ask_is_robot)", path);
            }
            else if (!seen.TryAdd(intent, i))
            {
                context.Error(DiagnosticCodes.DuplicateName, $"global intent '{intent}' is defined twice (also at $.globalIntents[{seen[intent]}]): only the first one is used", path);
            }
            else if (!context.IsKnownIntent(intent))
            {
                context.Error(DiagnosticCodes.UnknownIntent, $"global intent '{intent}' is neither a system intent nor a script intent: fix the name or add it to 'intents'", path);
            }
        }
    }

    private static void CheckGrades(ValidationContext context)
    {
        var rules = context.Script.GradeRules;
        for (var i = 0; i < rules.Count; i++)
        {
            if (!IsGrade(rules[i].Grade))
            {
                context.Error(DiagnosticCodes.InvalidGrade, $"grade '{Show(rules[i].Grade)}' is not an intent grade: use one letter A–F", $"$.gradeRules[{i}].grade");
            }
        }
        foreach (var (node, path) in context.Nodes)
        {
            if (node is EndNode { Grade: { } grade } && !IsGrade(grade))
            {
                context.Error(DiagnosticCodes.InvalidGrade, $"grade '{Show(grade)}' is not an intent grade: use one letter A–F, or leave it out to let the grade rules decide", path + ".grade", node.Id);
            }
        }
    }

    private static bool IsGrade(char grade) => grade is >= 'A' and <= 'F';

    private static string Show(char grade) => grade == '\0' ? "" : grade.ToString();

    private static void CheckOutcomes(ValidationContext context)
    {
        foreach (var (node, path) in context.Nodes)
        {
            if (node is EndNode end && string.IsNullOrWhiteSpace(end.Outcome))
            {
                context.Error(DiagnosticCodes.EndWithoutOutcome, "the end node has no 'outcome': name how the conversation ended (e.g. wecom_add_consent, refused)", path + ".outcome", node.Id);
            }
        }
    }
}
