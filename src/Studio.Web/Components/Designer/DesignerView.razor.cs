using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;
using Studio.Data.Scripts;
using Studio.Web.Components.Designer.Canvas;
using Studio.Web.Components.Designer.Editing;

namespace Studio.Web.Components.Designer;

/// <summary>
/// The script designer: canvas, palette, property panel, libraries and live validation over one
/// <see cref="ScriptEditor"/>; drafts autosave (debounced) with optimistic concurrency.
/// </summary>
public partial class DesignerView : IAsyncDisposable
{
    private enum SaveState { Saved, Dirty, Saving, Conflict, Failed }

    private ScriptEditor? _editor;
    private DesignerCanvas? _canvas;
    private string? _selected;
    private int _tab;
    private bool _testerOpen; // closed at first: on a 1280-px laptop the canvas needs the room
    private IReadOnlyList<string> _path = [];
    private IReadOnlyList<Diagnostic> _diagnostics = [];
    private IReadOnlySet<string> _errorNodes = new HashSet<string>();
    private int _errors;
    private int _warnings;
    private int _revision;
    private long _savedChange;
    private SaveState _state;
    private bool _saving;
    private bool _saveAgain;
    private CancellationTokenSource? _debounce;
    private CancellationTokenSource? _validation;
    private long _validated = -1;
    private ScriptConflictException? _conflict;
    private string? _saveError;
    private string? _loadProblem;
    private IReadOnlyList<Diagnostic> _loadDiagnostics = [];
    private DateTimeOffset? _savedAt;
    private IJSObjectReference? _module;
    private IJSObjectReference? _shortcuts;
    private DotNetObjectReference<DesignerView>? _self;
    private string? _loadedId;

    [Inject] private IScriptDraftStore Drafts { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;
    [Inject] private ILogger<DesignerView> Logger { get; set; } = default!;

    [Parameter, EditorRequired] public string ScriptId { get; set; } = "";

    /// <summary>Pause after the last edit before the draft is saved.</summary>
    [Parameter] public TimeSpan AutosaveDelay { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Pause after the last edit before the script is validated again.</summary>
    [Parameter] public TimeSpan ValidationDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The chat tester panel (the tester reports the path it took through <see cref="HighlightPath"/>).</summary>
    [Parameter] public RenderFragment<DesignerView>? Tester { get; set; }

    /// <summary>More buttons for the header (e.g. publish).</summary>
    [Parameter] public RenderFragment? HeaderActions { get; set; }

    /// <summary>A node to select and centre on once the script is loaded (links from elsewhere, e.g. simulation dead ends).</summary>
    [Parameter] public string? FocusNode { get; set; }

    private string? _focused;

    /// <summary>Who saves, when the host has no signed-in user (tests).</summary>
    [Parameter] public string? User { get; set; }

    /// <summary>The document being edited (the tester runs it as it is now).</summary>
    public Script? Script => _editor?.Script;

    public ScriptEditor? Editor => _editor;

    public string? SelectedNodeId => _selected;

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    private string StateText => _state switch
    {
        SaveState.Saved => _savedAt is { } at ? T["StateSavedAt", $"{at.ToLocalTime():HH:mm:ss}"] : T["StateSaved"],
        SaveState.Dirty => T["StateDirty"],
        SaveState.Saving => T["StateSaving"],
        SaveState.Conflict => T["StateConflict"],
        _ => T["StateFailed"],
    };

    protected override async Task OnParametersSetAsync()
    {
        // The prerendered page would be thrown away a moment later: load once, in the interactive circuit.
        if (_loadedId != ScriptId && RendererInfo.IsInteractive)
        {
            _loadedId = ScriptId;
            await LoadAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (FocusNode is { Length: > 0 } focus && focus != _focused && _editor is not null && _canvas is not null)
        {
            _focused = focus;
            await SelectNodeAsync(focus);
        }
        if (_shortcuts is null && _editor is not null)
        {
            _self ??= DotNetObjectReference.Create(this);
            try
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/designer.js");
                _shortcuts = _module is null ? null : await _module.InvokeAsync<IJSObjectReference>("attachShortcuts", _self);
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }

    private async Task LoadAsync()
    {
        _loadProblem = null;
        var draft = await Drafts.GetAsync(ScriptId);
        if (draft is null)
        {
            _loadProblem = T["NotFound", ScriptId];
            return;
        }
        var read = ScriptJson.Read(draft.Document);
        if (read.Script is null)
        {
            _loadProblem = T["Unreadable", ScriptId];
            _loadDiagnostics = read.Diagnostics;
            return;
        }
        PlaceUnpositionedNodes(read.Script);
        if (_editor is null)
        {
            _editor = new ScriptEditor(read.Script);
            _editor.Changed += OnChanged;
        }
        else
        {
            _editor.Reset(read.Script);
        }
        _revision = draft.Revision;
        _savedChange = _editor.ChangeCount;
        _state = SaveState.Saved;
        _conflict = null;
        _saveError = null;
        if (_selected is not null && _editor.Find(_selected) is null)
        {
            _selected = null;
        }
        Validate();
    }

    /// <summary>Nodes without a position (a script written by hand) get the auto layout's; positioned nodes stay.</summary>
    internal static void PlaceUnpositionedNodes(Script script)
    {
        if (script.Nodes.All(n => n.Position is not null))
        {
            return;
        }
        var layout = DesignerLayout.Arrange(script);
        foreach (var node in script.Nodes.Where(n => n.Position is null))
        {
            node.Position = layout.GetValueOrDefault(node.Id);
        }
    }

    private void OnChanged(string description)
    {
        if (_editor!.ContentChangeCount != _validated)
        {
            ScheduleValidation();
        }
        if (_conflict is null)
        {
            _state = SaveState.Dirty;
            ScheduleSave();
        }
    }

    private void Validate()
    {
        _validated = _editor!.ContentChangeCount;
        _diagnostics = ScriptValidator.Validate(_editor!.Script);
        _errors = _diagnostics.Count(d => d.IsError);
        _warnings = _diagnostics.Count - _errors;
        _errorNodes = _diagnostics.Where(d => d.IsError && d.NodeId is not null).Select(d => d.NodeId!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Validates shortly after the last change, after the change itself has been drawn: on a 300-node script a
    /// validation takes tens of milliseconds, which a drag's drop or a keystroke should not wait for.
    /// </summary>
    private void ScheduleValidation()
    {
        _validation?.Cancel();
        _validation?.Dispose();
        _validation = new CancellationTokenSource();
        var token = _validation.Token;
        _ = Task.Delay(ValidationDelay, token).ContinueWith(
            t => t.IsCanceled ? Task.CompletedTask : InvokeAsync(() =>
            {
                if (!token.IsCancellationRequested && _editor is not null)
                {
                    Validate();
                    StateHasChanged();
                }
            }), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void ScheduleSave()
    {
        _debounce?.Cancel();
        _debounce?.Dispose();
        _debounce = new CancellationTokenSource();
        var token = _debounce.Token;
        _ = Task.Delay(AutosaveDelay, token).ContinueWith(
            t => t.IsCanceled ? Task.CompletedTask : InvokeAsync(SaveAsync), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap()
            .ContinueWith(t => Logger.LogError(t.Exception, "Autosave of script {ScriptId} failed", ScriptId),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>Saves now unless nothing changed; a stale revision is refused by the store and shown, never overwritten.</summary>
    public async Task SaveAsync()
    {
        if (_editor is null || _conflict is not null || _editor.ChangeCount == _savedChange)
        {
            return;
        }
        if (_saving)
        {
            _saveAgain = true;
            return;
        }
        _saving = true;
        _state = SaveState.Saving;
        var change = _editor.ChangeCount;
        var document = ScriptJson.Serialize(_editor.Script);
        try
        {
            var saved = await Drafts.SaveAsync(ScriptId, document, _revision, await UserNameAsync());
            _revision = saved.Revision;
            _savedChange = change;
            _savedAt = saved.UpdatedAt;
            _saveError = null;
            _state = _editor.ChangeCount == change ? SaveState.Saved : SaveState.Dirty;
        }
        catch (ScriptConflictException ex)
        {
            _conflict = ex;
            _state = SaveState.Conflict;
        }
        catch (Exception ex) when (ex is IOException or LiteDB.LiteException or InvalidOperationException)
        {
            _saveError = ex.Message;
            _state = SaveState.Failed;
        }
        finally
        {
            _saving = false;
        }
        if (_saveAgain)
        {
            _saveAgain = false;
            await SaveAsync();
        }
        StateHasChanged();
    }

    private async Task SaveNowAsync()
    {
        _debounce?.Cancel();
        await SaveAsync();
    }

    private async Task ReloadAsync()
    {
        _debounce?.Cancel();
        await LoadAsync();
    }

    private async Task<string> UserNameAsync()
    {
        if (Services.GetService<AuthenticationStateProvider>() is { } auth)
        {
            try
            {
                var state = await auth.GetAuthenticationStateAsync();
                if (state.User.Identity?.IsAuthenticated == true && state.User.FindFirst(ClaimTypes.Name)?.Value is { Length: > 0 } name)
                {
                    return name;
                }
            }
            catch (InvalidOperationException)
            {
                // No authentication state in this scope (e.g. a component test).
            }
        }
        return User ?? "studio";
    }

    private void OnEdited()
    {
    }

    private Task OnSelectedAsync(string? id)
    {
        _selected = id;
        if (id is not null)
        {
            _tab = 0;
        }
        return Task.CompletedTask;
    }

    /// <summary>Selects a node and centres the canvas on it (validation entries and the tester use this).</summary>
    public async Task SelectNodeAsync(string nodeId)
    {
        if (_editor?.Find(nodeId) is null)
        {
            return;
        }
        _selected = nodeId;
        _tab = 0;
        StateHasChanged();
        if (_canvas is not null)
        {
            await _canvas.CentreOnAsync(nodeId);
        }
    }

    /// <summary>Lights up the nodes a conversation went through, in order (empty clears it).</summary>
    public Task HighlightPath(IReadOnlyList<string> nodeIds)
    {
        _path = [.. nodeIds];
        return InvokeAsync(StateHasChanged);
    }

    private async Task UndoAsync()
    {
        if (_editor?.Undo() == true && _selected is not null && _editor.Find(_selected) is null)
        {
            _selected = null;
        }
        await Task.CompletedTask;
    }

    private async Task RedoAsync()
    {
        if (_editor?.Redo() == true && _selected is not null && _editor.Find(_selected) is null)
        {
            _selected = null;
        }
        await Task.CompletedTask;
    }

    private Task LayoutAsync()
    {
        _editor?.AutoLayout();
        return _canvas?.FitAsync() ?? Task.CompletedTask;
    }

    private async Task AddNodeAsync(string kind)
    {
        if (_editor is null)
        {
            return;
        }
        var anchor = _selected is null ? null : _editor.Find(_selected)?.Position;
        var (x, y) = anchor is { } a
            ? (a.X + NodeGeometry.Width + DesignerLayout.ColumnGap, a.Y)
            : (DesignerLayout.Margin, _editor.Script.Nodes.Select(n => (n.Position?.Y ?? 0) + 120).DefaultIfEmpty(DesignerLayout.Margin).Max());
        var node = _editor.AddNode(kind, x, y);
        await SelectNodeAsync(node.Id);
    }

    [JSInvokable]
    public async Task OnShortcut(string command)
    {
        switch (command)
        {
            case "undo":
                await UndoAsync();
                break;
            case "redo":
                await RedoAsync();
                break;
            case "save":
                await SaveNowAsync();
                break;
            case "delete" when _selected is not null && _editor?.Find(_selected) is not null:
                _editor.DeleteNodes([_selected]);
                _selected = null;
                break;
            default:
                return;
        }
        StateHasChanged();
    }

    private string NodeName(string id) => _editor?.Find(id) is { Label: { Length: > 0 } label } ? label : id;

    public async ValueTask DisposeAsync()
    {
        _debounce?.Cancel();
        _debounce?.Dispose();
        _validation?.Cancel();
        _validation?.Dispose();
        if (_editor is not null)
        {
            _editor.Changed -= OnChanged;
            // Leaving the page must not lose the last edits.
            if (_conflict is null && _editor.ChangeCount != _savedChange && !_saving)
            {
                try
                {
                    await Drafts.SaveAsync(ScriptId, ScriptJson.Serialize(_editor.Script), _revision, await UserNameAsync());
                }
                catch (ScriptConflictException)
                {
                }
            }
        }
        try
        {
            if (_shortcuts is not null)
            {
                await _shortcuts.InvokeVoidAsync("dispose");
                await _shortcuts.DisposeAsync();
            }
            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
        }
        _self?.Dispose();
        GC.SuppressFinalize(this);
    }
}
