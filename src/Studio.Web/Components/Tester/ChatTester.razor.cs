using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Core.Testing.Dialogs;
using Studio.Core.Testing.Stories;
using Studio.Data.Members;
using Studio.Data.Scripts;
using Studio.Web.Tts;

namespace Studio.Web.Components.Tester;

/// <summary>
/// The chat tester (测试): talks to the current draft on the runtime's engine and recogniser, shows what each turn
/// decided, previews the spoken rendering, and turns the transcript into story tests it can run.
/// </summary>
public sealed partial class ChatTester
{
    /// <summary>Member choice that means "the attributes typed below".</summary>
    public const string CustomMember = "__custom";

    public const string DefaultCustomMember = "surname=张 title=女士 tier=VIP";

    private const string AutoArm = "";

    [Inject] private TesterScripts Scripts { get; set; } = null!;
    [Inject] private DialogEngine Engine { get; set; } = null!;
    [Inject] private IIntentRecognizer Recognizer { get; set; } = null!;
    [Inject] private IScriptStoryStore StoryStore { get; set; } = null!;
    [Inject] private IMemberStore Members { get; set; } = null!;
    [Inject] private IServiceProvider Services { get; set; } = null!;
    [Inject] private IStringLocalizer<TesterText> T { get; set; } = null!;

    /// <summary>The draft as JSON (what the draft store holds). Either this or <see cref="Script"/>.</summary>
    [Parameter] public string? Document { get; set; }

    /// <summary>The draft as a model (what the designer edits). Either this or <see cref="Document"/>.</summary>
    [Parameter] public Script? Script { get; set; }

    /// <summary>Whose stories to save and run; the document's id by default.</summary>
    [Parameter] public string? ScriptId { get; set; }

    /// <summary>The node ids entered so far, after every turn (the designer lights up the path).</summary>
    [Parameter] public EventCallback<IReadOnlyList<string>> OnPathChanged { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    private string? _json;
    private TesterScript? _loaded;
    private TesterScript? _pending;
    private TesterSession? _session;
    private bool _rendered;

    private Channel _channel;
    private string _memberChoice = CustomMember;
    private string _customMember = DefaultCustomMember;
    private string? _memberError;
    private string _arm = AutoArm;
    private IReadOnlyList<Member> _members = [];

    private string _reply = "";
    private string _keys = "";
    private string? _inputError;
    private MudTextField<string>? _replyField;

    private string _storyName = "";
    private string? _storyMessage;
    private bool _storyError;
    private IReadOnlyList<StoryResult>? _storyResults;
    private bool _storiesRunning;

    private TtsStatus? _tts;
    private bool _ttsChecked;
    private string? _audioSource;
    private int _audioKey;

    private bool Ready => _rendered && (_session is not null || _loaded is { CanRun: false });
    private bool CanTalk => _session is not null && !_session.Ended;
    private string StoriesId => ScriptId ?? _loaded?.Compiled?.Script.Id ?? "";

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _members = (await Members.ListAsync(new MemberQuery { Take = 20 })).Items;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            _members = []; // the tester still works with typed attributes
        }
        if (_members.Count > 0)
        {
            _memberChoice = _members[0].Id;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        var json = Document ?? (Script is null ? null : ScriptJson.Serialize(Script));
        if (json is null || json == _json)
        {
            return;
        }
        _json = json;
        var loaded = await Scripts.LoadAsync(json);
        if (_session is null || !loaded.CanRun)
        {
            _loaded = loaded;
            _pending = null;
            if (loaded.Compiled is { } compiled)
            {
                _channel = compiled.Script.Channels.Count > 0 ? compiled.Script.Channels[0] : Channel.Voice;
                await RestartAsync();
            }
            return;
        }
        // A conversation is under way: keep it on the version it started with until the user restarts.
        _pending = loaded.Compiled!.Version == _session.Script.Version ? null : loaded;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _rendered = true;
            StateHasChanged();
        }
    }

    private IEnumerable<Channel> Channels =>
        _loaded?.Compiled?.Script.Channels is { Count: > 0 } channels ? channels : [Channel.Voice, Channel.Wecom];

    private string ChannelName(Channel channel) => channel == Channel.Wecom ? T["ChannelWecom"] : T["ChannelVoice"];

    /// <summary>(experiment, arm, label) of every split in the script.</summary>
    private IEnumerable<(string Experiment, string Arm, string Label)> Arms =>
        (_loaded?.Compiled?.Script.Nodes ?? []).OfType<SplitNode>()
            .SelectMany(s => s.Arms.Select(a => (s.Experiment, a.Id, string.IsNullOrEmpty(a.Label) ? a.Id : $"{a.Id} {a.Label}")))
            .Distinct();

    private static string ArmValue(string experiment, string arm) => experiment + "=" + arm;

    /// <summary>"B 抽红包" for the arms the conversation is in.</summary>
    private string? CurrentArms()
    {
        if (_session?.State is not { Arms.Count: > 0 } state)
        {
            return null;
        }
        return string.Join(", ", state.Arms.Select(a =>
            Arms.FirstOrDefault(x => x.Experiment == a.Key && x.Arm == a.Value) is { Label: { } label } ? label : a.Value));
    }

    private static string MemberLabel(Member member)
    {
        var name = member.Surname is { Length: > 0 } && member.Title is { Length: > 0 } ? member.Surname + member.Title : member.Name ?? member.Id;
        return string.Join(" ", new[] { name, member.Tier, member.PhoneMasked }.Where(p => !string.IsNullOrEmpty(p)));
    }

    private async Task OnChannelChanged(Channel channel)
    {
        _channel = channel;
        await RestartAsync();
    }

    private async Task OnMemberChanged(string choice)
    {
        _memberChoice = choice;
        await RestartAsync();
    }

    private async Task OnCustomMemberChanged(string text)
    {
        _customMember = text;
        await RestartAsync();
    }

    private async Task OnArmChanged(string arm)
    {
        _arm = arm;
        await RestartAsync();
    }

    /// <summary>Starts again on the newest version of the draft with the chosen channel, member and arm.</summary>
    private async Task RestartAsync()
    {
        if (_pending is not null)
        {
            _loaded = _pending;
            _pending = null;
        }
        if (_loaded?.Compiled is not { } compiled)
        {
            return;
        }
        var member = ChosenMember();
        if (member is null)
        {
            return;
        }
        Dictionary<string, string>? forced = null;
        if (_arm.Length > 0 && _arm.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
        {
            forced = new(StringComparer.Ordinal) { [_arm[..eq]] = _arm[(eq + 1)..] };
        }
        var start = new ConversationStart(member, _channel) { ForcedArms = forced };
        _session = new TesterSession(compiled, Engine, start);
        _session.Begin();
        _storyMessage = null;
        _audioSource = null;
        _inputError = null;
        await NotifyPathAsync();
    }

    private MemberProfile? ChosenMember()
    {
        _memberError = null;
        if (_memberChoice != CustomMember && _members.FirstOrDefault(m => m.Id == _memberChoice) is { } stored)
        {
            return stored.ToProfile();
        }
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var item in _customMember.Split([' ', ',', ',', ';', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                _memberError = string.Format(CultureInfo.CurrentCulture, T["BadMemberPair"], item);
                return null;
            }
            pairs.Add(new(item[..eq], item[(eq + 1)..]));
        }
        if (!pairs.Any(p => p.Key == "id"))
        {
            pairs.Insert(0, new("id", "tester"));
        }
        return MemberProfile.FromPairs(pairs);
    }

    private async Task SendAsync()
    {
        var text = _reply.Trim();
        if (!CanTalk || text.Length == 0)
        {
            return;
        }
        _session!.Say(text);
        _reply = "";
        if (_replyField is not null)
        {
            await _replyField.ClearAsync();
        }
        await AfterTurnAsync();
    }

    private async Task OnReplyKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && !e.ShiftKey)
        {
            await SendAsync();
        }
    }

    private async Task SilenceAsync()
    {
        if (CanTalk)
        {
            _session!.Silence();
            await AfterTurnAsync();
        }
    }

    private async Task KeysAsync()
    {
        if (!CanTalk)
        {
            return;
        }
        try
        {
            _session!.Keys(_keys);
            _keys = "";
            await AfterTurnAsync();
        }
        catch (ArgumentException)
        {
            _inputError = T["BadKeys"];
        }
    }

    private async Task TimerAsync()
    {
        if (CanTalk)
        {
            _session!.Timer();
            await AfterTurnAsync();
        }
    }

    private async Task HangUpAsync()
    {
        if (CanTalk)
        {
            _session!.HangUp();
            await AfterTurnAsync();
        }
    }

    private async Task AfterTurnAsync()
    {
        _inputError = null;
        _storyMessage = null;
        await NotifyPathAsync();
    }

    private Task NotifyPathAsync() =>
        OnPathChanged.HasDelegate && _session is not null ? OnPathChanged.InvokeAsync(_session.Path.ToList()) : Task.CompletedTask;

    private async Task SaveStoryAsync()
    {
        if (_session is null || StoriesId.Length == 0)
        {
            return;
        }
        var name = string.IsNullOrWhiteSpace(_storyName) ? T["DefaultStoryName"].Value : _storyName.Trim();
        try
        {
            var story = _session.ToStory(name);
            var stored = await StoryStore.GetAsync(StoriesId);
            var yaml = StoryWriter.Append(stored?.Yaml, story);
            await StoryStore.SaveAsync(StoriesId, yaml, stored?.Revision ?? 0, await UserNameAsync());
            var count = StoryRunner.Parse(yaml).Stories.Count;
            _storyMessage = string.Format(CultureInfo.CurrentCulture, T["StorySaved"], story.Name, count);
            _storyError = false;
            _storyName = "";
        }
        catch (Exception ex) when (ex is StoryFormatException or ScriptConflictException or InvalidOperationException)
        {
            _storyMessage = string.Format(CultureInfo.CurrentCulture, T["StorySaveFailed"], ex.Message);
            _storyError = true;
        }
    }

    private async Task RunStoriesAsync()
    {
        var compiled = (_pending ?? _loaded)?.Compiled;
        if (compiled is null || StoriesId.Length == 0)
        {
            return;
        }
        _storiesRunning = true;
        _storyMessage = null;
        StateHasChanged();
        try
        {
            var stored = await StoryStore.GetAsync(StoriesId);
            if (stored is null || string.IsNullOrWhiteSpace(stored.Yaml))
            {
                _storyResults = [];
                return;
            }
            _storyResults = await Task.Run(() =>
            {
                try
                {
                    return StoryRunner.Run(StoryRunner.Parse(stored.Yaml), compiled, StoriesId, Recognizer);
                }
                catch (StoryFormatException ex)
                {
                    return [new StoryResult(StoriesId, "(file)", false, ex.Message)];
                }
            });
        }
        finally
        {
            _storiesRunning = false;
        }
    }

    /// <summary>The first line of a failure: what was expected and what happened (the transcript follows in the tooltip).</summary>
    private static string FirstDifference(string? failure) => (failure ?? "").Split('\n', 2)[0];

    private async Task<string> UserNameAsync()
    {
        if (Authentication is not null && (await Authentication).User.Identity?.Name is { Length: > 0 } name)
        {
            return name;
        }
        return "studio";
    }

    private async Task PlayAsync(string spoken)
    {
        if (!_ttsChecked)
        {
            _ttsChecked = true;
            if (Services.GetService(typeof(ITtsProvider)) is ITtsProvider tts)
            {
                _tts = await tts.GetStatusAsync();
            }
        }
        if (_tts is not { Available: true })
        {
            _audioSource = null;
            return;
        }
        _audioSource = TtsHosting.Route.TrimStart('/') + "?text=" + Uri.EscapeDataString(spoken);
        _audioKey++;
    }

    private string? TtsProblem => !_ttsChecked || _tts is { Available: true } ? null : _tts is null ? T["TtsNotConfigured"].Value : T["TtsMissing"].Value;

    // Turn details.

    private string InputText(TurnInput input) => input.Kind switch
    {
        InputKind.Text => input.Text ?? "",
        InputKind.NoInput => T["SilenceInput"],
        InputKind.Dtmf => string.Format(CultureInfo.CurrentCulture, T["KeysInput"], input.Digits),
        InputKind.Hangup => T["HangUpInput"],
        InputKind.Timer => string.Format(CultureInfo.CurrentCulture, T["TimerInput"], input.Reason),
        _ => "",
    };

    private string DecidedBy(string decidedBy)
    {
        var text = T["DecidedBy_" + decidedBy];
        return text.ResourceNotFound ? decidedBy : text.Value;
    }

    private string NodeName(string? nodeId)
    {
        if (nodeId is null)
        {
            return "";
        }
        var nodes = _session?.Script.Nodes;
        return nodes is not null && nodes.TryGetValue(nodeId, out var node) && !string.IsNullOrEmpty(node.Label) ? $"{node.Label} ({nodeId})" : nodeId;
    }

    private static string StepMilliseconds(TesterTurn turn) => turn.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Confidence(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string ActionText(ActionRequest action)
    {
        var name = DialogTestFlow.ActionName(action.Type);
        var parameters = string.Join(", ", action.Parameters.Select(p => $"{p.Key}={p.Value}"));
        return parameters.Length == 0 ? name : $"{name}({parameters})";
    }

    private static IEnumerable<(string Name, string Value)> Variables(ConversationState? state) =>
        state is null ? [] : state.Vars.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => (v.Key, v.Value.GetRawText()));

    private ConversationState? StateBefore(TesterTurn turn) =>
        turn.Number == 0 || _session is null ? null : _session.Turns[turn.Number - 1].Result.State;

    private static string CardName(WecomMessageType type) => type switch
    {
        WecomMessageType.Link => "link",
        WecomMessageType.Image => "image",
        WecomMessageType.MiniProgram => "miniprogram",
        _ => "text",
    };
}
