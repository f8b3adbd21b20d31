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
    private readonly Dictionary<Message, string[]> _texts = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, string> _spoken = new(StringComparer.Ordinal);

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
        foreach (var message in Messages(script))
        {
            _texts.TryAdd(message, [.. message.AllTexts]);
        }
        foreach (var text in MessageTexts(script))
        {
            var template = Templates.Template.Parse(text);
            _templates.TryAdd(text, template);
            if (template.IsConstant)
            {
                _spoken.TryAdd(text, SpokenNumbers.Speak(text));
            }
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

    /// <summary>The variations of a message, as an array computed once.</summary>
    public string[] Texts(Message message) => _texts.TryGetValue(message, out var texts) ? texts : [.. message.AllTexts];

    /// <summary>The spoken (TTS) form of a rendered text; computed once for constant texts.</summary>
    public string Spoken(string text) => _spoken.TryGetValue(text, out var spoken) ? spoken : SpokenNumbers.Speak(text);

    public CompiledExpression Expression(string source) =>
        _expressions.TryGetValue(source, out var expression) ? expression : ExpressionEvaluator.Compile(source);

    /// <summary>Per-version data other components derive once (a recogniser's tables, a trained model).</summary>
    public T GetOrAddFeature<T>(Func<CompiledScript, T> factory) where T : class =>
        (T)_features.GetOrAdd(typeof(T), static (_, state) => state.factory(state.script), (factory, script: this));

    /// <summary>Every message in the document.</summary>
    public static IEnumerable<Message> Messages(Script script)
    {
        foreach (var node in script.Nodes)
        {
            var messages = node switch
            {
                SayNode say => [say.Message],
                AskNode ask => new[] { ask.Message, ask.NoMatch?.Reprompt, ask.NoInput?.Reprompt },
                OfferNode offer => [offer.Message],
                EndNode end => [end.Message],
                _ => [],
            };
            foreach (var message in messages)
            {
                if (message is not null)
                {
                    yield return message;
                }
            }
        }
        foreach (var global in script.GlobalIntents)
        {
            if (global.Message is not null)
            {
                yield return global.Message;
            }
        }
    }

    /// <summary>Every template text in the document: message variations and renderings, action parameters.</summary>
    public static IEnumerable<string> MessageTexts(Script script)
    {
        foreach (var message in Messages(script))
        {
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
        foreach (var action in script.Nodes.OfType<ActionNode>())
        {
            foreach (var text in new[] { action.Text, action.At, action.Template, action.Webhook, action.Queue }.OfType<string>().Concat(action.Payload.Values))
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
