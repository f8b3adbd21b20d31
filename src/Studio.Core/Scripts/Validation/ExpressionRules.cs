using Studio.Core.Expressions;

namespace Studio.Core.Scripts.Validation;

/// <summary>Condition branches, assignments and grade rules compile as Jint expressions.</summary>
internal static class ExpressionRules
{
    public static void Check(ValidationContext context)
    {
        foreach (var (node, path) in context.Nodes)
        {
            switch (node)
            {
                case ConditionNode condition:
                    for (var i = 0; i < condition.Branches.Count; i++)
                    {
                        var branch = condition.Branches[i];
                        Compile(context, branch.When, $"branch '{branch.Port}'", $"{path}.branches[{i}].when", node.Id);
                    }
                    break;
                case SetNode set:
                    foreach (var (name, source) in set.Assign)
                    {
                        Compile(context, source, $"the value of '{name}'", $"{path}.assign.{name}", node.Id);
                    }
                    break;
            }
        }
        var rules = context.Script.GradeRules;
        for (var i = 0; i < rules.Count; i++)
        {
            Compile(context, rules[i].When, $"the grade rule for '{rules[i].Grade}'", $"$.gradeRules[{i}].when", null);
        }
    }

    private static void Compile(ValidationContext context, string? source, string what, string path, string? nodeId)
    {
        if (ExpressionEvaluator.Compile(source ?? "").SyntaxError is { } error)
        {
            context.Error(DiagnosticCodes.InvalidExpression, $"{what} is not a valid expression: {error}", path, nodeId);
        }
    }
}
