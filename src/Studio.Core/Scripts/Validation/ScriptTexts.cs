namespace Studio.Core.Scripts.Validation;

/// <summary>What a piece of template text is used for, which decides the rules that apply to it.</summary>
internal enum TextKind
{
    /// <summary>A message's text or variation: shown on WeCom and spoken on voice unless voice.text overrides it.</summary>
    Written,

    /// <summary>voice.text: the TTS form.</summary>
    Spoken,

    /// <summary>WeCom text, card title or description.</summary>
    WecomText,

    /// <summary>WeCom card URL, image URL or mini-program page: templates, not prose.</summary>
    WecomLink,

    /// <summary>An action's text (SMS body, what to say before a transfer).</summary>
    ActionText,

    /// <summary>An action's callback time or webhook payload field.</summary>
    ActionData,
}

internal sealed record ScriptText(string Text, string Path, string? NodeId, TextKind Kind)
{
    /// <summary>Prose a member reads or hears (what the advertising lint looks at).</summary>
    public bool IsProse => Kind is TextKind.Written or TextKind.Spoken or TextKind.WecomText or TextKind.ActionText;
}

/// <summary>A message of the script with where it is and who says it.</summary>
internal sealed record ScriptMessage(Message Message, string Path, string? NodeId);

/// <summary>Walks the document for messages and template texts, with their JSON paths.</summary>
internal static class ScriptTexts
{
    public static IEnumerable<ScriptMessage> Messages(Script script)
    {
        for (var i = 0; i < script.Nodes.Count; i++)
        {
            var node = script.Nodes[i];
            var path = ValidationContext.NodePath(i);
            switch (node)
            {
                case SayNode say:
                    yield return new(say.Message, path + ".message", node.Id);
                    break;
                case AskNode ask:
                    yield return new(ask.Message, path + ".message", node.Id);
                    if (ask.NoMatch?.Reprompt is { } noMatch)
                    {
                        yield return new(noMatch, path + ".noMatch.reprompt", node.Id);
                    }
                    if (ask.NoInput?.Reprompt is { } noInput)
                    {
                        yield return new(noInput, path + ".noInput.reprompt", node.Id);
                    }
                    break;
                case OfferNode offer:
                    yield return new(offer.Message, path + ".message", node.Id);
                    break;
                case EndNode { Message: { } farewell }:
                    yield return new(farewell, path + ".message", node.Id);
                    break;
            }
        }
        for (var i = 0; i < script.GlobalIntents.Count; i++)
        {
            if (script.GlobalIntents[i].Message is { } answer)
            {
                yield return new(answer, $"$.globalIntents[{i}].message", null);
            }
        }
    }

    /// <summary>Every template text: message parts and action fields.</summary>
    public static IEnumerable<ScriptText> All(Script script)
    {
        foreach (var message in Messages(script))
        {
            foreach (var text in Parts(message))
            {
                yield return text;
            }
        }
        for (var i = 0; i < script.Nodes.Count; i++)
        {
            if (script.Nodes[i] is not ActionNode action)
            {
                continue;
            }
            var path = ValidationContext.NodePath(i);
            if (action.Text is { } text)
            {
                yield return new(text, path + ".text", action.Id, TextKind.ActionText);
            }
            if (action.At is { } at)
            {
                yield return new(at, path + ".at", action.Id, TextKind.ActionData);
            }
            foreach (var (key, value) in action.Payload)
            {
                yield return new(value ?? "", $"{path}.payload.{key}", action.Id, TextKind.ActionData);
            }
        }
    }

    public static IEnumerable<ScriptText> Parts(ScriptMessage m)
    {
        var message = m.Message;
        if (message.Text is { } text)
        {
            yield return new(text, m.Path + ".text", m.NodeId, TextKind.Written);
        }
        for (var i = 0; i < message.Variations.Count; i++)
        {
            yield return new(message.Variations[i] ?? "", $"{m.Path}.variations[{i}]", m.NodeId, TextKind.Written);
        }
        if (message.Voice?.Text is { } spoken)
        {
            yield return new(spoken, m.Path + ".voice.text", m.NodeId, TextKind.Spoken);
        }
        if (message.Wecom is { } wecom)
        {
            foreach (var (value, name, kind) in new[]
            {
                (wecom.Text, "text", TextKind.WecomText),
                (wecom.Title, "title", TextKind.WecomText),
                (wecom.Description, "description", TextKind.WecomText),
                (wecom.Url, "url", TextKind.WecomLink),
                (wecom.ImageUrl, "imageUrl", TextKind.WecomLink),
                (wecom.Page, "page", TextKind.WecomLink),
            })
            {
                if (value is not null)
                {
                    yield return new(value, $"{m.Path}.wecom.{name}", m.NodeId, kind);
                }
            }
        }
    }

    /// <summary>What a voice call may say for the message: voice.text when set, else any of its variations.</summary>
    public static IEnumerable<ScriptText> Spoken(ScriptMessage m) =>
        Parts(m).Where(t => m.Message.Voice?.Text is null ? t.Kind == TextKind.Written : t.Kind == TextKind.Spoken);
}
