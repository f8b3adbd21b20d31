using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Studio.Core.Expressions;
using Studio.Core.Scripts;
using Studio.Core.Templates;

namespace Studio.Core.Dialogs;

/// <summary>
/// A script prepared for the engine: nodes indexed, templates parsed and expressions compiled once.
/// Immutable and shared by every conversation on the same version. Compiling never fails: problems
/// surface as validation diagnostics and, at run time, as error routes.
/// </summary>
public sealed class CompiledScript
{
    private readonly Dictionary<string, Template> _templates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompiledExpression> _expressions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, object> _features = new();

    private CompiledScript(Script script, string version)
    {
        Script = script;
        Version = version;
        foreach (var node in script.Nodes)
        {
            Nodes.TryAdd(node.Id, node);
        }
        foreach (var incentive in script.Incentives)
        {
            Incentives.TryAdd(incentive.Id, incentive);
        }
        foreach (var set in script.IncentiveSets)
        {
            IncentiveSets.TryAdd(set.Id, set);
        }
        foreach (var global in script.GlobalIntents)
        {
            GlobalIntents.TryAdd(global.Intent, global);
        }
        foreach (var node in script.Nodes.OfType<AskNode>())
        {
            Expected[node.Id] = [.. node.Routes.Keys.Where(p => p is not Ports.NoMatch and not Ports.NoInput)
                .Concat(node.Dtmf.Values).Concat(GlobalIntents.Keys).Distinct()];
        }
        foreach (var text in MessageTexts(script))
        {
            _templates.TryAdd(text, Templates.Template.Parse(text));
        }
        foreach (var source in ExpressionSources(script))
        {
            _expressions.TryAdd(source, ExpressionEvaluator.Compile(source));
        }
    }

    public Script Script { get; }

    /// <summary>Content hash of the document: identifies the version in state and logs.</summary>
    public string Version { get; }

    public Dictionary<string, Node> Nodes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Incentive> Incentives { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, IncentiveSet> IncentiveSets { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, GlobalIntent> GlobalIntents { get; } = new(StringComparer.Ordinal);

    /// <summary>Per ask node: the intents it can act on (its routes, DTMF mappings and global intents).</summary>
    public Dictionary<string, string[]> Expected { get; } = new(StringComparer.Ordinal);

    public static CompiledScript Compile(Script script) => new(script, ContentHash(script));

    public static string ContentHash(Script script)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(ScriptJson.Serialize(script)));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 6));
    }

    public Template Template(string text) =>
        _templates.TryGetValue(text, out var template) ? template : Templates.Template.Parse(text);

    public CompiledExpression Expression(string source) =>
        _expressions.TryGetValue(source, out var expression) ? expression : ExpressionEvaluator.Compile(source);

    /// <summary>Per-version data other components derive once (a recogniser's tables, a trained model).</summary>
    public T GetOrAddFeature<T>(Func<CompiledScript, T> factory) where T : class =>
        (T)_features.GetOrAdd(typeof(T), static (_, state) => state.factory(state.script), (factory, script: this));

    /// <summary>Every template text in the document.</summary>
    public static IEnumerable<string> MessageTexts(Script script)
    {
        static IEnumerable<string> Of(Message? message)
        {
            if (message is null)
            {
                yield break;
            }
            foreach (var text in message.AllTexts)
            {
                yield return text;
            }
            if (message.Voice?.Text is { } voice)
            {
                yield return voice;
            }
            if (message.Wecom is { } w)
            {
                foreach (var field in new[] { w.Text, w.Title, w.Description, w.Url, w.ImageUrl, w.Page })
                {
                    if (field is not null)
                    {
                        yield return field;
                    }
                }
            }
        }

        foreach (var node in script.Nodes)
        {
            var texts = node switch
            {
                SayNode say => Of(say.Message),
                AskNode ask => Of(ask.Message).Concat(Of(ask.NoMatch?.Reprompt)).Concat(Of(ask.NoInput?.Reprompt)),
                OfferNode offer => Of(offer.Message),
                EndNode end => Of(end.Message),
                ActionNode action => new[] { action.Text, action.At }.OfType<string>().Concat(action.Payload.Values),
                _ => [],
            };
            foreach (var text in texts)
            {
                yield return text;
            }
        }
        foreach (var global in script.GlobalIntents)
        {
            foreach (var text in Of(global.Message))
            {
                yield return text;
            }
        }
    }

    /// <summary>Every expression in the document.</summary>
    public static IEnumerable<string> ExpressionSources(Script script) =>
        script.Nodes.SelectMany(node => node switch
        {
            ConditionNode condition => condition.Branches.Select(b => b.When),
            SetNode set => set.Assign.Values,
            _ => [],
        }).Concat(script.GradeRules.Select(r => r.When));
}
