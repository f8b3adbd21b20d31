using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Templates;

namespace Studio.Core.Scripts.Validation;

/// <summary>
/// Every placeholder names something the engine can fill: a template root with one of its fields,
/// or a declared variable. An unknown one would render as empty text in front of a member.
/// </summary>
internal static class TemplateRules
{
    public static void Check(ValidationContext context)
    {
        foreach (var text in ScriptTexts.All(context.Script))
        {
            foreach (var placeholder in Template.Parse(text.Text).Paths.Distinct())
            {
                if (Problem(context, placeholder) is { } problem)
                {
                    context.Error(DiagnosticCodes.UnknownTemplateVariable, problem, text.Path, text.NodeId);
                }
            }
        }
    }

    private static string? Problem(ValidationContext context, string placeholder)
    {
        var dot = placeholder.IndexOf('.');
        var root = dot < 0 ? placeholder : placeholder[..dot];
        var field = dot < 0 ? null : placeholder[(dot + 1)..];
        var shown = "{{" + placeholder + "}}";
        if (root.Length == 0)
        {
            return $"empty placeholder {shown}: write a name such as {{{{member.salutation}}}}";
        }
        if (root == "member")
        {
            return field is null || MemberProfile.StandardFields.Contains(field) || context.Script.MemberFields.Contains(field)
                ? null
                : $"unknown member field '{field}' in {shown}: use one of {ValidationContext.List(MemberProfile.StandardFields)}, or declare it in 'memberFields'";
        }
        if (root == "channel")
        {
            return field is null ? null : $"'channel' has no fields: write {{{{channel}}}} instead of {shown}";
        }
        if (DialogScope.RootFields.TryGetValue(root, out var fields))
        {
            return field is null || fields.Contains(field)
                ? null
                : $"unknown {root} field '{field}' in {shown}: use one of {ValidationContext.List(fields)}";
        }
        if (context.Variables.Contains(root))
        {
            return field is null ? null : $"variable '{root}' has no fields: write {{{{{root}}}}} instead of {shown}";
        }
        return $"unknown variable '{root}' in {shown}: use one of {ValidationContext.List(DialogScope.Roots)}, or declare '{root}' in 'variables'";
    }
}
