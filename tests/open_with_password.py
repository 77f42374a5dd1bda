"""Open a workbook in LibreOffice Calc with a password, over UNO, and print its first sheet's name.

Run with the system Python that has LibreOffice's ``uno`` module (Debian: python3-uno):
    python3 tests/open_with_password.py WORKBOOK [PASSWORD]
Exit status 0 when LibreOffice opened the file, 1 when it could not.
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(path, password=None):
    pipe = f"vitalsigns{uuid.uuid4().hex}"
    with tempfile.TemporaryDirectory() as profile:
        office = subprocess.Popen(
            [
                "soffice",
                "--headless",
                "--norestore",
                "--invisible",
                f"-env:UserInstallation=file://{profile}",
                f"--accept=pipe,name={pipe};urp;",
            ],
            env={**os.environ, "HOME": profile},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
            for _ in range(120):
                try:
                    context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                    break
                except NoConnectException:
                    time.sleep(0.5)
            else:
                print("LibreOffice did not start", file=sys.stderr)
                return 2
            desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            args = [prop("Hidden", True), prop("ReadOnly", True)]
            if password is not None:
                args.append(prop("Password", password))
            try:
                document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0, tuple(args))
            except Exception as exc:  # a wrong or missing password raises, or returns nothing
                print(f"not opened: {exc}", file=sys.stderr)
                return 1
            if document is None:
                print("not opened", file=sys.stderr)
                return 1
            print(document.Sheets.ElementNames[0])
            document.close(True)
            return 0
        finally:
            office.terminate()
            office.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
