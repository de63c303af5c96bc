// A client that stops reading the server's output but keeps sending edits: the server's memory stays bounded, and it answers once read again.
using System.Diagnostics;
using System.Text;
using CodeNodeLsp.Protocol;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Server;

public class StalledClientTests
{
    /// <summary>The stated bound (docs/robustness.md): the server's resident memory while a client floods it unread.</summary>
    private const long BoundBytes = 300L * 1024 * 1024;

    /// <summary>What the client pushes: without back-pressure the server would hold most of it (it grew about 1:1).</summary>
    private const long FloodBytes = 400L * 1024 * 1024;

    [Fact]
    public void A_flooding_client_that_does_not_read_keeps_the_server_under_its_memory_bound()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "codenode.dll"));
        psi.ArgumentList.Add("lsp");
        using var server = Process.Start(psi)!;
        _ = server.StandardError.ReadToEndAsync();
        var input = server.StandardInput.BaseStream;
        var reader = new MessageReader(server.StandardOutput.BaseStream);
        void Send(JObject message)
        {
            var body = Encoding.UTF8.GetBytes(message.ToString(Newtonsoft.Json.Formatting.None));
            input.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            input.Write(body);
            input.Flush();
        }
        try
        {
            Send(new JObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "initialize", ["params"] = new JObject { ["processId"] = null, ["capabilities"] = new JObject() } });
            Assert.Equal(1, (int)JObject.Parse(reader.Read()!)["id"]!);
            Send(new JObject { ["jsonrpc"] = "2.0", ["method"] = "initialized", ["params"] = new JObject() });

            // A document with thousands of diagnostics, so the unread output fills its pipe and the server's writes stall.
            const string uri = "file:///tmp/codenode-stalled/node.py";
            var text = new StringBuilder("# codenode: stackai\n");
            for (int i = 0; i < 3000; i++) text.Append("x").Append(i).Append(" = undefined_").Append(i).Append('\n');
            text.Append("def main(args):\n    return {}\n");
            Send(new JObject { ["jsonrpc"] = "2.0", ["method"] = "textDocument/didOpen", ["params"] = JObject.FromObject(new { textDocument = new { uri, languageId = "python", version = 1, text = text.ToString() } }) });

            long sent = 0;
            var flood = new Thread(() =>
            {
                try
                {
                    for (int v = 2; sent < FloodBytes; v++)
                    {
                        string changed = text + "# " + v + "\n";
                        // Half the edits go to a document that is not open: each is logged to the client
                        // (window/logMessage), so the queue itself writes and stalls on the unread pipe.
                        string target = v % 2 == 0 ? uri : uri + ".closed";
                        Send(new JObject { ["jsonrpc"] = "2.0", ["method"] = "textDocument/didChange", ["params"] = JObject.FromObject(new { textDocument = new { uri = target, version = v }, contentChanges = new[] { new { text = changed } } }) });
                        Interlocked.Add(ref sent, changed.Length);
                    }
                }
                catch (IOException) { }
            }) { IsBackground = true };
            flood.Start();

            // Sample the server's memory until the flood is through, or until it has stopped moving (the server stopped
            // reading, so the client's writes block: that is the back-pressure working).
            long peak = 0, lastSent = -1;
            int still = 0;
            while (flood.IsAlive && still < 12)
            {
                Thread.Sleep(250);
                peak = Math.Max(peak, ResidentBytes(server.Id));
                long now = Interlocked.Read(ref sent);
                still = now == lastSent ? still + 1 : 0;
                lastSent = now;
            }
            peak = Math.Max(peak, ResidentBytes(server.Id));
            Assert.True(peak < BoundBytes, $"the server reached {peak / 1048576} MB after the client sent {Interlocked.Read(ref sent) / 1048576} MB unread");

            // Reading again: the server works through the rest and answers the next request.
            var answered = new ManualResetEventSlim();
            var drain = new Thread(() =>
            {
                while (reader.Read() is { } body)
                    if (JObject.Parse(body)["id"]?.Type == JTokenType.Integer && (int)JObject.Parse(body)["id"]! == 99) { answered.Set(); return; }
            }) { IsBackground = true };
            drain.Start();
            flood.Join();
            Send(new JObject { ["jsonrpc"] = "2.0", ["id"] = 99, ["method"] = "shutdown" });
            answered.Wait();
        }
        finally
        {
            try { server.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    private static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return 0;
    }
}
