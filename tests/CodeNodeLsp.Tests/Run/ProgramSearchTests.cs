// Finding interpreters per OS: PATHEXT and ';' on Windows (node -> node.exe), Python's names per OS, in order.
using CodeNodeLsp.Run;

namespace CodeNodeLsp.Tests.Run;

public class ProgramSearchTests
{
    [Fact]
    public void Windows_TriesPathExtExtensions_InEachPathFolder()
    {
        var files = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { @"C:\Program Files\nodejs\node.exe", @"C:\tools\python.cmd" };
        string path = @"C:\Windows;C:\Program Files\nodejs\;C:\tools";
        Assert.Equal(@"C:\Program Files\nodejs\node.exe", RunEnvironment.FindProgram("node", windows: true, path, ".COM;.EXE;.BAT;.CMD", files.Contains));
        Assert.Equal(@"C:\tools\python.cmd", RunEnvironment.FindProgram("python", windows: true, path, null, files.Contains));
        Assert.Null(RunEnvironment.FindProgram("node", windows: true, path, ".BAT", files.Contains));
        // A name with an extension is taken as it is.
        Assert.Equal(@"C:\Program Files\nodejs\node.exe", RunEnvironment.FindProgram("node.exe", windows: true, path, ".COM", files.Contains));
    }

    [Fact]
    public void Posix_SearchesPathWithColons_AndAddsNoExtension()
    {
        var files = new HashSet<string>(StringComparer.Ordinal) { "/usr/local/bin/python3", "/usr/bin/node.exe" };
        Assert.Equal("/usr/local/bin/python3", RunEnvironment.FindProgram("python3", windows: false, "/usr/bin:/usr/local/bin", ".EXE", files.Contains));
        Assert.Null(RunEnvironment.FindProgram("node", windows: false, "/usr/bin", ".EXE", files.Contains));
    }

    [Fact]
    public void PythonNames_PerOs()
    {
        Assert.Equal(["python3", "python"], RunEnvironment.PythonNames(windows: false));
        Assert.Equal(["python", "py", "python3"], RunEnvironment.PythonNames(windows: true));
    }

    [Fact]
    public void ThisMachine_FindsAProgramOnItsPath()
    {
        // `sh` is on the PATH of every POSIX machine, `cmd` (cmd.exe, through PATHEXT) on every Windows one.
        string? sh = RunEnvironment.FindProgram(OperatingSystem.IsWindows() ? "cmd" : "sh");
        Assert.NotNull(sh);
        Assert.True(Path.IsPathFullyQualified(sh));
    }
}
