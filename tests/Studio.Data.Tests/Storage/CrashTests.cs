using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Studio.Data.Conversations;
using Studio.Data.Storage;
using Studio.Data.TurnLog;

namespace Studio.Data.Tests.Storage;

/// <summary>
/// kill -9 in the middle of writing: every write acknowledged before the kill (its task completed)
/// is in the file after a restart.
/// </summary>
public sealed class CrashTests
{
    [Fact]
    public async Task Every_acknowledged_write_survives_a_kill_9()
    {
        using var temp = new TempDatabase();
        temp.Db.Dispose();
        var path = Path.Combine(temp.Directory, "crash.db");

        var acks = new ConcurrentBag<(int Worker, int Turn)>();
        var stateAcks = new ConcurrentBag<(int Worker, int Turn)>();
        using var child = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(CrashTests).Assembly.Location, "crash-writer", path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var enough = new TaskCompletionSource();
        var reader = Task.Run(async () =>
        {
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                if (parts is ["state", var sw, var st])
                {
                    stateAcks.Add((int.Parse(sw, CultureInfo.InvariantCulture), int.Parse(st, CultureInfo.InvariantCulture)));
                }
                if (parts is ["turn", var w, var t])
                {
                    acks.Add((int.Parse(w, CultureInfo.InvariantCulture), int.Parse(t, CultureInfo.InvariantCulture)));
                    if (acks.Count >= 400)
                    {
                        enough.TrySetResult();
                    }
                }
            }
            enough.TrySetResult();
        });
        await enough.Task.WaitAsync(TimeSpan.FromSeconds(120));
        if (child.HasExited)
        {
            Assert.Fail("the writer stopped on its own: " + await child.StandardError.ReadToEndAsync());
        }
        child.Kill(); // SIGKILL: no disposal, no flush, no goodbye.
        await child.WaitForExitAsync();
        await reader;
        Assert.True(acks.Count >= 400);

        using var db = new StudioDatabase(path);
        var turns = new HashSet<(int, int)>();
        var log = new LiteDbTurnLog(db);
        string? cursor = null;
        do
        {
            var page = await log.QueryAsync(new TurnQuery { Take = 1000, After = cursor });
            foreach (var t in page.Items)
            {
                turns.Add((int.Parse(t.Conversation.Split(':')[1], CultureInfo.InvariantCulture), t.Turn));
            }
            cursor = page.Next;
        }
        while (cursor is not null);
        var lost = acks.Where(a => !turns.Contains(a)).ToList();
        Assert.Empty(lost);

        // Conversation state: each worker's stored turn is at least its last acknowledged one.
        var kv = new LiteDbKeyValueStore(db);
        foreach (var worker in stateAcks.GroupBy(a => a.Worker))
        {
            var stored = await kv.ReadAsync("conversation", "voice:" + worker.Key);
            Assert.NotNull(stored);
            Assert.True(int.Parse(stored.Value, CultureInfo.InvariantCulture) >= worker.Max(a => a.Turn));
        }
    }
}

/// <summary>
/// The child process: 16 conversations each appending a turn, then writing their state, printing each
/// acknowledgement as soon as its task completes ("turn w t", "state w t").
/// </summary>
internal static class CrashWriter
{
    public static async Task RunAsync(string path)
    {
        var db = new StudioDatabase(path);
        var log = new LiteDbTurnLog(db);
        var kv = new LiteDbKeyValueStore(db);
        var output = TextWriter.Synchronized(Console.Out);
        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            string? etag = null;
            for (var turn = 0; ; turn++)
            {
                await log.AppendAsync([new TurnRecord
                {
                    Conversation = "voice:" + worker.ToString(CultureInfo.InvariantCulture),
                    ScriptId = "crash",
                    MemberId = "m-" + worker.ToString(CultureInfo.InvariantCulture),
                    Turn = turn,
                    MemberText = "好的，第" + turn.ToString(CultureInfo.InvariantCulture) + "轮",
                }]);
                output.WriteLine($"turn {worker} {turn}");
                output.Flush();
                etag = await kv.WriteAsync("conversation", "voice:" + worker.ToString(CultureInfo.InvariantCulture), turn.ToString(CultureInfo.InvariantCulture), etag);
                output.WriteLine($"state {worker} {turn}");
                output.Flush();
            }
        })));
    }
}
