using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Studio.Runtime.Channels.WeCom;
using static Studio.Runtime.Tests.Channels.WeCom.WxBizMsgCryptTests;

namespace Studio.Runtime.Tests.Channels.WeCom;

/// <summary>
/// Interoperability with the official npm package @wecom/crypto, in both directions. Needs node and npm on PATH
/// (the project's scripts install them); without them these tests fail, they do not skip.
/// </summary>
public sealed class WecomInteropTests
{
    private static readonly string[] Messages =
    [
        "",
        "1288432023552776189",
        A2Plain,
        "<xml><Content><![CDATA[双11 满199减30，仅限今天]]></Content></xml>",
        new string('长', 3000) + "end",
        "emoji 🎉 and tabs\t\n",
    ];

    [Fact]
    public async Task Node_encrypts_and_CSharp_decrypts()
    {
        var jobs = Messages.Select(m => new JsonObject { ["op"] = "encrypt", ["message"] = m, ["id"] = CorpA }).ToArray();
        var results = await NodePeer.RunAsync(KeyA, TokenA, jobs);
        var crypto = new WxBizMsgCrypt(TokenA, KeyA, CorpA);
        for (var i = 0; i < Messages.Length; i++)
        {
            var encrypt = (string)results[i]!["encrypt"]!;
            var plain = crypto.Decrypt(encrypt);
            Assert.Equal(Messages[i], plain.Message);
            Assert.Equal(CorpA, plain.ReceiveId);
        }
    }

    [Fact]
    public async Task CSharp_encrypts_and_node_decrypts()
    {
        var crypto = new WxBizMsgCrypt(TokenA, KeyA, CorpA);
        var jobs = Messages.Select(m => new JsonObject { ["op"] = "decrypt", ["encrypt"] = crypto.Encrypt(m) }).ToArray();
        var results = await NodePeer.RunAsync(KeyA, TokenA, jobs);
        for (var i = 0; i < Messages.Length; i++)
        {
            Assert.Null(results[i]!["error"]);
            Assert.Equal(Messages[i], (string?)results[i]!["message"]);
            Assert.Equal(CorpA, (string?)results[i]!["id"]);
        }
    }

    [Fact]
    public async Task Signatures_are_equal_in_both_implementations()
    {
        var crypto = new WxBizMsgCrypt(TokenA, KeyA, CorpA);
        var cases = new List<(string Timestamp, string Nonce, string Encrypt)> { (A2Timestamp, A2Nonce, A2Encrypt) };
        var random = new Random(11);
        for (var i = 0; i < 20; i++)
        {
            cases.Add((random.NextInt64(1_400_000_000, 1_900_000_000).ToString(CultureInfo.InvariantCulture),
                random.Next().ToString(CultureInfo.InvariantCulture), crypto.Encrypt("m" + i)));
        }
        // Orderings that a culture-aware sort would get wrong.
        cases.Add(("a", "B", "_"));
        cases.Add(("Zz", "zZ", "+/="));
        var jobs = cases.Select(c => new JsonObject { ["op"] = "sign", ["timestamp"] = c.Timestamp, ["nonce"] = c.Nonce, ["encrypt"] = c.Encrypt })
            .ToArray();
        var results = await NodePeer.RunAsync(KeyA, TokenA, jobs);
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal((string?)results[i]!["signature"], WxBizMsgCrypt.ComputeSignature(TokenA, cases[i].Timestamp, cases[i].Nonce, cases[i].Encrypt));
        }
        Assert.Equal(A2Signature, (string?)results[0]!["signature"]);
    }

    [Fact]
    public async Task Node_opens_a_passive_reply_envelope_built_in_CSharp()
    {
        var crypto = new WxBizMsgCrypt(TokenA, KeyA, CorpA);
        var replyXml = WecomXml.BuildPassiveReply("ChenJiaShun", CorpA, 1476422780, new WecomText("收到，马上为您处理"));
        var envelope = WecomXml.ReadFlat(crypto.EncryptReply(replyXml, "1476422780", "998877"));
        var results = await NodePeer.RunAsync(KeyA, TokenA,
        [
            new JsonObject { ["op"] = "sign", ["timestamp"] = "1476422780", ["nonce"] = "998877", ["encrypt"] = envelope["Encrypt"] },
            new JsonObject { ["op"] = "decrypt", ["encrypt"] = envelope["Encrypt"] },
        ]);
        Assert.Equal(envelope["MsgSignature"], (string?)results[0]!["signature"]);
        Assert.Equal(replyXml, (string?)results[1]!["message"]);
        Assert.Equal(CorpA, (string?)results[1]!["id"]);
    }

    /// <summary>Runs tests/.../WeCom/interop/interop.js with node, installing its locked dependencies first when missing.</summary>
    private static class NodePeer
    {
        private static readonly SemaphoreSlim InstallLock = new(1, 1);
        private static bool _installed;

        public static async Task<JsonArray> RunAsync(string encodingAesKey, string token, JsonObject[] jobs)
        {
            var dir = FindInteropDirectory();
            await EnsureInstalledAsync(dir);
            var request = new JsonObject { ["encodingAESKey"] = encodingAesKey, ["token"] = token, ["jobs"] = new JsonArray(jobs) };
            var (exit, stdout, stderr) = await RunProcessAsync("node", ["interop.js"], dir, request.ToJsonString(), TimeSpan.FromSeconds(60));
            Assert.True(exit == 0, $"node interop.js failed ({exit}): {stderr}");
            var answer = JsonNode.Parse(stdout)!.AsObject();
            var results = answer["results"]!.AsArray();
            Assert.Equal(jobs.Length, results.Count);
            return results;
        }

        private static async Task EnsureInstalledAsync(string dir)
        {
            await InstallLock.WaitAsync();
            try
            {
                if (_installed)
                {
                    return;
                }
                await RequireToolAsync("node", dir);
                if (!File.Exists(Path.Combine(dir, "node_modules", "@wecom", "crypto", "package.json")))
                {
                    await RequireToolAsync("npm", dir);
                    var (exit, stdout, stderr) = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], dir, null, TimeSpan.FromMinutes(5));
                    Assert.True(exit == 0, $"npm ci in {dir} failed ({exit}):\n{stdout}\n{stderr}");
                }
                _installed = true;
            }
            finally
            {
                InstallLock.Release();
            }
        }

        private static async Task RequireToolAsync(string tool, string dir)
        {
            try
            {
                var (exit, _, _) = await RunProcessAsync(tool, ["--version"], dir, null, TimeSpan.FromSeconds(60));
                Assert.True(exit == 0, $"'{tool} --version' failed: the WeCom interop tests need node 20 and npm on PATH.");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                Assert.Fail($"'{tool}' was not found on PATH: the WeCom interop tests need node 20 and npm (the project's scripts install them). " +
                            "They fail rather than skip so a missing peer is never mistaken for a pass.");
            }
        }

        private static string FindInteropDirectory()
        {
            var relative = Path.Combine("tests", "Studio.Runtime.Tests", "Channels", "WeCom", "interop");
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }
            Assert.Fail($"Could not find {relative} above {AppContext.BaseDirectory}.");
            return "";
        }

        private static async Task<(int Exit, string Stdout, string Stderr)> RunProcessAsync(string file, string[] args, string dir, string? stdin,
            TimeSpan timeout)
        {
            var psi = new ProcessStartInfo(file)
            {
                WorkingDirectory = dir,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (stdin is not null)
            {
                var bytes = new UTF8Encoding(false).GetBytes(stdin);
                await process.StandardInput.BaseStream.WriteAsync(bytes);
            }
            process.StandardInput.Close();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"'{file} {string.Join(' ', args)}' did not finish within {timeout}.");
            }
            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
