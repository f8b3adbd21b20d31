// The designer canvas's pointer work, done locally: dragging a node, drawing a connection, panning and zooming
// never go through the circuit; only the end of a gesture is reported to .NET (OnNodeMoved, OnConnect, OnSelect).
// Geometry must match NodeGeometry / CanvasModel.EdgePath in C#.
const HEADER = 46, PORT = 20, WIDTH = 200, MIN_ZOOM = 0.15, MAX_ZOOM = 2.5, CLICK = 4;

const portY = i => HEADER + i * PORT + PORT / 2;

function edgePath(sx, sy, tx, ty) {
    const dx = Math.max(40, Math.abs(tx - sx) / 2);
    const f = v => Math.round(v * 10) / 10;
    return `M${f(sx)} ${f(sy)} C${f(sx + dx)} ${f(sy)} ${f(tx - dx)} ${f(ty)} ${f(tx)} ${f(ty)}`;
}

export function attachCanvas(host, dotnet) {
    const svg = host.querySelector('.dc-svg');
    const viewport = host.querySelector('.dc-viewport');
    const ghost = host.querySelector('.dc-ghost');
    const mini = host.querySelector('.dc-minimap');
    const view = { x: 0, y: 0, k: 1 };
    // Time spent in drag handlers, read by the browser benchmark (host.designerStats).
    const stats = host.designerStats = { moves: 0, moveMs: 0, maxMoveMs: 0 };
    let gesture = null;

    const apply = () => {
        viewport.setAttribute('transform', `translate(${view.x} ${view.y}) scale(${view.k})`);
        const r = svg.getBoundingClientRect();
        const box = mini.querySelector('.dc-minimap-view');
        if (box) {
            box.setAttribute('x', -view.x / view.k);
            box.setAttribute('y', -view.y / view.k);
            box.setAttribute('width', r.width / view.k);
            box.setAttribute('height', r.height / view.k);
        }
        host.dataset.zoom = view.k.toFixed(3);
    };
    const toWorld = (clientX, clientY) => {
        const r = svg.getBoundingClientRect();
        return { x: (clientX - r.left - view.x) / view.k, y: (clientY - r.top - view.y) / view.k };
    };
    const nodeEl = id => viewport.querySelector(`[data-node="${CSS.escape(id)}"]`);
    const nodePos = el => el._live ?? { x: +el.dataset.x, y: +el.dataset.y };

    // Redraws the edges touching a node while it is dragged.
    const redrawEdges = id => {
        const q = CSS.escape(id);
        for (const edge of viewport.querySelectorAll(`path[data-from="${q}"], path[data-to="${q}"]`)) {
            const from = nodeEl(edge.dataset.from), to = nodeEl(edge.dataset.to);
            if (!from || !to) continue;
            const s = nodePos(from), t = nodePos(to);
            edge.setAttribute('d', edgePath(s.x + WIDTH, s.y + portY(+edge.dataset.portIndex), t.x, t.y + HEADER / 2));
        }
    };

    const fit = () => {
        const [bx, by, bw, bh] = (mini.dataset.bounds || '0,0,800,600').split(',').map(Number);
        const r = svg.getBoundingClientRect();
        // Never smaller than readable: a big script opens at its start, not as a speck.
        view.k = Math.max(0.5, Math.min(1, r.width / bw, r.height / bh));
        view.x = -bx * view.k;
        view.y = -by * view.k;
        apply();
    };
    const centreOn = (wx, wy) => {
        const r = svg.getBoundingClientRect();
        view.x = r.width / 2 - wx * view.k;
        view.y = r.height / 2 - wy * view.k;
        apply();
    };
    const zoomAt = (factor, clientX, clientY) => {
        const r = svg.getBoundingClientRect();
        const px = clientX ?? r.left + r.width / 2, py = clientY ?? r.top + r.height / 2;
        const w = toWorld(px, py);
        view.k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.k * factor));
        view.x = px - r.left - w.x * view.k;
        view.y = py - r.top - w.y * view.k;
        apply();
    };

    const onDown = e => {
        if (e.button !== 0) return;
        const handle = e.target.closest('.dc-port-handle');
        const node = e.target.closest('[data-node]');
        svg.setPointerCapture(e.pointerId);
        if (handle && node) {
            const p = nodePos(node);
            const start = { x: p.x + +handle.getAttribute('cx'), y: p.y + +handle.getAttribute('cy') };
            gesture = { kind: 'connect', from: node.dataset.node, port: handle.parentNode.dataset.port, start };
            host.classList.add('dc-connecting');
        } else if (node) {
            gesture = { kind: 'drag', el: node, id: node.dataset.node, origin: nodePos(node), start: toWorld(e.clientX, e.clientY), sx: e.clientX, sy: e.clientY, moved: false };
        } else {
            gesture = { kind: 'pan', sx: e.clientX, sy: e.clientY, vx: view.x, vy: view.y, moved: false };
        }
        e.preventDefault();
    };
    const onMove = e => {
        if (!gesture) return;
        if (gesture.kind === 'drag') {
            gesture.moved ||= Math.hypot(e.clientX - gesture.sx, e.clientY - gesture.sy) > CLICK;
            if (!gesture.moved) return;
            const t0 = performance.now();
            const w = toWorld(e.clientX, e.clientY);
            const x = Math.round(gesture.origin.x + w.x - gesture.start.x), y = Math.round(gesture.origin.y + w.y - gesture.start.y);
            gesture.el._live = { x, y };
            gesture.el.setAttribute('transform', `translate(${x} ${y})`);
            redrawEdges(gesture.id);
            const spent = performance.now() - t0;
            stats.moves++;
            stats.moveMs += spent;
            stats.maxMoveMs = Math.max(stats.maxMoveMs, spent);
        } else if (gesture.kind === 'pan') {
            gesture.moved ||= Math.hypot(e.clientX - gesture.sx, e.clientY - gesture.sy) > CLICK;
            view.x = gesture.vx + e.clientX - gesture.sx;
            view.y = gesture.vy + e.clientY - gesture.sy;
            apply();
        } else if (gesture.kind === 'connect') {
            const w = toWorld(e.clientX, e.clientY);
            ghost.setAttribute('d', edgePath(gesture.start.x, gesture.start.y, w.x, w.y));
        }
    };
    const onUp = e => {
        const g = gesture;
        gesture = null;
        if (!g) return;
        if (svg.hasPointerCapture(e.pointerId)) svg.releasePointerCapture(e.pointerId);
        if (g.kind === 'drag') {
            if (g.moved) {
                const live = g.el._live;
                // Keep drawing the live position until .NET re-renders the node there.
                dotnet.invokeMethodAsync('OnNodeMoved', g.id, live.x, live.y).finally(() => { delete g.el._live; });
            } else {
                dotnet.invokeMethodAsync('OnSelect', g.id);
            }
        } else if (g.kind === 'pan') {
            if (!g.moved) dotnet.invokeMethodAsync('OnSelect', null);
        } else if (g.kind === 'connect') {
            ghost.setAttribute('d', '');
            host.classList.remove('dc-connecting');
            const target = document.elementFromPoint(e.clientX, e.clientY)?.closest('[data-node]');
            if (target && host.contains(target) && target.dataset.node !== g.from) {
                dotnet.invokeMethodAsync('OnConnect', g.from, g.port, target.dataset.node);
            }
        }
    };
    const onWheel = e => {
        e.preventDefault();
        zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX, e.clientY);
    };
    const onMini = e => {
        const ctm = mini.getScreenCTM();
        if (!ctm) return;
        const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
        centreOn(p.x, p.y);
        e.stopPropagation();
    };

    svg.addEventListener('pointerdown', onDown);
    svg.addEventListener('pointermove', onMove);
    svg.addEventListener('pointerup', onUp);
    svg.addEventListener('pointercancel', onUp);
    svg.addEventListener('wheel', onWheel, { passive: false });
    mini.addEventListener('pointerdown', onMini);
    const resize = new ResizeObserver(apply);
    resize.observe(svg);
    fit();

    return {
        refresh: apply,
        fit,
        centreOn,
        zoomBy: f => zoomAt(f),
        view: () => ({ ...view }),
        dispose() {
            resize.disconnect();
            svg.removeEventListener('pointerdown', onDown);
            svg.removeEventListener('pointermove', onMove);
            svg.removeEventListener('pointerup', onUp);
            svg.removeEventListener('pointercancel', onUp);
            svg.removeEventListener('wheel', onWheel);
            mini.removeEventListener('pointerdown', onMini);
        },
    };
}

// Designer shortcuts: Delete, Ctrl+Z, Ctrl+Y (or Ctrl+Shift+Z), Ctrl+S. Typing in a field keeps its own undo and delete.
export function attachShortcuts(dotnet) {
    const onKey = e => {
        const t = e.target;
        const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
        const ctrl = e.ctrlKey || e.metaKey;
        const key = e.key.toLowerCase();
        let command = null;
        if (ctrl && key === 's') command = 'save';
        else if (typing) return;
        else if (ctrl && key === 'z' && !e.shiftKey) command = 'undo';
        else if (ctrl && (key === 'y' || (key === 'z' && e.shiftKey))) command = 'redo';
        else if (key === 'delete') command = 'delete';
        if (command) {
            e.preventDefault();
            dotnet.invokeMethodAsync('OnShortcut', command);
        }
    };
    document.addEventListener('keydown', onKey);
    return { dispose: () => document.removeEventListener('keydown', onKey) };
}
