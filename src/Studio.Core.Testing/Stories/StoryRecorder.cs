using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Scripts;
using Studio.Core.Testing.Dialogs;

namespace Studio.Core.Testing.Stories;

/// <summary>
/// Turns a conversation played on the engine (the studio's tester, a chat) into a story: the inputs as steps and
/// what happened at each turn as the step's expectations, so replaying the story checks the script still does it.
/// </summary>
public sealed class StoryRecorder(ConversationStart start)
{
    /// <summary>How much of a turn's first message a step expects: enough to recognise it, short enough to survive rewording elsewhere.</summary>
    public const int BotExcerptLength = 20;

    private readonly List<StoryStep> _steps = [];
    private ConversationState? _last;

    public int Count => _steps.Count;

    /// <summary>Records one turn; a start turn begins the story again.</summary>
    public void Record(TurnInput input, TurnResult result)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        if (input.Kind == InputKind.Start)
        {
            _steps.Clear();
        }
        else if (_steps.Count == 0)
        {
            throw new InvalidOperationException("a story starts with the opening turn");
        }
        var step = new StoryStep();
        switch (input.Kind)
        {
            case InputKind.Text: step.User = input.Text; step.Confidence = input.Confidence; break;
            case InputKind.NoInput: step.NoInput = true; break;
            case InputKind.Dtmf: step.Dtmf = input.Digits; break;
            case InputKind.Hangup: step.Hangup = true; break;
            case InputKind.Timer: step.Timer = input.Reason; break;
        }
        step.Intent = result.Recognition?.Intent;
        step.Node = result.State.Node;
        if (result.Messages.FirstOrDefault(m => m.Text.Length > 0) is { } message)
        {
            step.Bot = Excerpt(message.Text);
        }
        var actions = result.Actions.Select(a => DialogTestFlow.ActionName(a.Type)).Distinct().ToList();
        step.Actions = actions.Count > 0 ? actions : null;
        step.Global = result.Messages.Any(m => m.IsGlobal) ? true : null;
        step.Arm = result.State.Arm;
        if (result.Ended)
        {
            step.Ended = true;
            step.Outcome = result.Outcome;
            step.Grade = result.State.Grade?.ToString();
        }
        _steps.Add(step);
        _last = result.State;
    }

    /// <summary>The story so far, named <paramref name="name"/>.</summary>
    public Story ToStory(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_steps.Count == 0 || _last is null)
        {
            throw new InvalidOperationException("nothing recorded yet: the conversation has not started");
        }
        // The arms actually assigned are forced in the story, so it replays the same arm whatever the hash does.
        var arms = _last.Arms.Count > 0 ? new Dictionary<string, string>(_last.Arms, StringComparer.Ordinal)
            : start.ForcedArms is { Count: > 0 } forced ? new Dictionary<string, string>(forced, StringComparer.Ordinal) : null;
        return new Story
        {
            Name = name.Trim(),
            Member = MemberPairs(start.Member),
            Channel = start.Channel == Channel.Wecom ? "wecom" : "voice",
            Arms = arms,
            Seed = start.Seed == 0 ? null : start.Seed,
            Variables = start.Variables is { Count: > 0 } variables ? new Dictionary<string, string>(variables, StringComparer.Ordinal) : null,
            Steps = [.. _steps],
            Outcome = _last.IsEnded ? _last.Outcome : null,
            Grade = _last.IsEnded ? _last.Grade?.ToString() : null,
        };
    }

    private static readonly System.Buffers.SearchValues<char> SentenceEnds = System.Buffers.SearchValues.Create("。!?!?,,");

    /// <summary>The start of a message, cut at a sentence end when there is one early enough.</summary>
    public static string Excerpt(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length <= BotExcerptLength)
        {
            return trimmed;
        }
        var cut = trimmed.AsSpan(0, BotExcerptLength).LastIndexOfAny(SentenceEnds);
        return cut >= 4 ? trimmed[..cut] : trimmed[..BotExcerptLength];
    }

    /// <summary>The member as story key=value pairs (what <see cref="MemberProfile.FromPairs"/> reads); never the phone.</summary>
    private static Dictionary<string, string> MemberPairs(MemberProfile member)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                pairs[key] = value;
            }
        }
        Add("id", member.Id);
        Add("name", member.Name);
        Add("surname", member.Surname);
        Add("title", member.Title);
        Add("tier", member.Tier);
        Add("city", member.City);
        Add("store", member.Store);
        foreach (var (key, value) in member.Attributes)
        {
            Add(key, value);
        }
        return pairs;
    }
}
