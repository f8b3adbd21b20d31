using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Studio.Web.Components.Designer.Editing;

namespace Studio.Web.Components.Designer.Canvas;

public partial class DesignerCanvas
{
    private ElementReference _host;
    private IJSObjectReference? _module;
    private IJSObjectReference? _canvas;
    private DotNetObjectReference<DesignerCanvas>? _self;
    private CanvasModel _model = CanvasModel.Build(new Core.Scripts.Script());
    private HashSet<string> _path = new(StringComparer.Ordinal);
    private HashSet<(string, string)> _pathEdges = [];
    private bool _ready;

    [Parameter, EditorRequired] public ScriptEditor Editor { get; set; } = default!;

    [Parameter] public string? SelectedId { get; set; }

    [Parameter] public EventCallback<string?> SelectedIdChanged { get; set; }

    /// <summary>Nodes a conversation went through, in order (the chat tester reports them): lit up on the canvas.</summary>
    [Parameter] public IReadOnlyList<string>? HighlightedPath { get; set; }

    /// <summary>Nodes with validation errors (drawn with a red outline).</summary>
    [Parameter] public IReadOnlySet<string>? ErrorNodes { get; set; }

    /// <summary>Raised after the canvas changed the document (move, connect), so the page can re-render its other views.</summary>
    [Parameter] public EventCallback Edited { get; set; }

    public CanvasModel Model => _model;

    protected override void OnParametersSet()
    {
        _model = CanvasModel.Build(Editor.Script);
        var path = HighlightedPath ?? [];
        _path = new HashSet<string>(path, StringComparer.Ordinal);
        _pathEdges = [.. path.Zip(path.Skip(1))];
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            try
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/designer.js");
                if (_module is not null)
                {
                    _canvas = await _module.InvokeAsync<IJSObjectReference>("attachCanvas", _host, _self);
                }
            }
            catch (JSDisconnectedException)
            {
                return;
            }
            _ready = true;
            StateHasChanged();
        }
        else if (_canvas is not null)
        {
            try
            {
                await _canvas.InvokeVoidAsync("refresh");
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }

    /// <summary>Scrolls and zooms so the node is in the middle of the canvas.</summary>
    public async Task CentreOnAsync(string nodeId)
    {
        if (_canvas is not null && _model.Find(nodeId) is { } node)
        {
            await _canvas.InvokeVoidAsync("centreOn", node.X + NodeGeometry.Width / 2, node.Y + node.Height / 2);
        }
    }

    public async Task FitAsync()
    {
        if (_canvas is not null)
        {
            await _canvas.InvokeVoidAsync("fit");
        }
    }

    private async Task ZoomAsync(double factor)
    {
        if (_canvas is not null)
        {
            await _canvas.InvokeVoidAsync("zoomBy", factor);
        }
    }

    [JSInvokable]
    public async Task OnNodeMoved(string nodeId, double x, double y)
    {
        if (Editor.Find(nodeId) is null)
        {
            return;
        }
        Editor.MoveNode(nodeId, x, y);
        await SelectAsync(nodeId);
        await Edited.InvokeAsync();
    }

    [JSInvokable]
    public async Task OnConnect(string fromId, string port, string toId)
    {
        if (Editor.Find(fromId) is null || Editor.Find(toId) is null)
        {
            return;
        }
        Editor.Connect(fromId, port, toId);
        await Edited.InvokeAsync();
    }

    [JSInvokable]
    public Task OnSelect(string? nodeId) => SelectAsync(nodeId);

    private async Task SelectAsync(string? nodeId)
    {
        if (nodeId != SelectedId)
        {
            SelectedId = nodeId;
            await SelectedIdChanged.InvokeAsync(nodeId);
        }
    }

    private string NodeClass(CanvasNode node)
    {
        var id = node.Node.Id;
        var css = $"dc-node dc-kind-{node.Node.Kind}";
        if (id == SelectedId)
        {
            css += " dc-selected";
        }
        if (_path.Contains(id))
        {
            css += " dc-path";
        }
        if (ErrorNodes?.Contains(id) == true)
        {
            css += " dc-error";
        }
        if (id == Editor.Script.StartNodeId)
        {
            css += " dc-start";
        }
        return css;
    }

    private string EdgeClass(CanvasEdge edge) =>
        _pathEdges.Contains((edge.From, edge.To)) ? "dc-edge dc-path" : edge.From == SelectedId || edge.To == SelectedId ? "dc-edge dc-near" : "dc-edge";

    internal static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private string Links(CanvasNode node) => string.Concat(node.Ports.Select(p => _model.IsLinked(node.Node, p.Name) ? '1' : '0'));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_canvas is not null)
            {
                await _canvas.InvokeVoidAsync("dispose");
                await _canvas.DisposeAsync();
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
