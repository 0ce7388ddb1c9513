#!/usr/bin/env python3
"""Independent oracle for NadirDICOM's tests: reads DICOM with pydicom (not DCMTK) and PNG with
the standard library (zlib), and prints JSON on stdout.

  pydicom_oracle.py testdata-dir            directory of pydicom's bundled test files
  pydicom_oracle.py headers FILE...         header attributes per file (stop_before_pixels=True)
  pydicom_oracle.py pixels FILE FRAME       modality values (Modality LUT applied) of one frame
  pydicom_oracle.py window FILE FRAME W C   8-bit values by DICOM PS3.3 C.11.2.1.2.1 (LINEAR)
  pydicom_oracle.py png FILE.png            width, height and greyscale pixels of an 8-bit PNG
"""
import json
import math
import os
import struct
import sys
import zlib


def _str(ds, keyword):
    v = ds.get(keyword)
    if v is None:
        return None
    if hasattr(v, "__iter__") and not isinstance(v, (str, bytes)):
        s = "\\".join(str(x) for x in v)
    else:
        s = str(v)
    s = s.strip()
    return s or None


def _nums(ds, keyword):
    v = ds.get(keyword)
    if v is None or v == "":
        return None
    try:
        if hasattr(v, "__iter__") and not isinstance(v, (str, bytes)):
            return [float(x) for x in v]
        return [float(v)]
    except (TypeError, ValueError):
        return "invalid"


def headers(paths):
    import pydicom

    out = []
    for p in paths:
        row = {"path": p}
        try:
            ds = pydicom.dcmread(p, stop_before_pixels=True)
            row["ok"] = True
            for k in ["SOPInstanceUID", "SeriesInstanceUID", "StudyInstanceUID", "PatientID", "StudyDate",
                      "Modality", "SeriesDescription", "TransferSyntaxUID"]:
                if k == "TransferSyntaxUID":
                    meta = getattr(ds, "file_meta", None)
                    row[k] = _str(meta, k) if meta is not None else None
                else:
                    row[k] = _str(ds, k)
            for k in ["SliceThickness", "PixelSpacing", "Rows", "Columns", "InstanceNumber", "NumberOfFrames",
                      "ImagePositionPatient", "ImageOrientationPatient", "RescaleSlope", "RescaleIntercept"]:
                row[k] = _nums(ds, k)
        except Exception as e:  # noqa: BLE001 - the oracle reports every failure as data
            row["ok"] = False
            row["error"] = f"{type(e).__name__}: {e}"
        out.append(row)
    return out


def pixels(path, frame):
    import pydicom
    from pydicom.pixels import apply_modality_lut

    ds = pydicom.dcmread(path)
    arr = ds.pixel_array
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    if frames > 1:
        arr = arr[frame]
    values = apply_modality_lut(arr, ds)
    return {"rows": int(arr.shape[0]), "columns": int(arr.shape[1]),
            "values": [float(v) for v in values.reshape(-1)]}


def linear_window(x, w, c):
    # DICOM PS3.3 C.11.2.1.2.1, y_min = 0, y_max = 255; rounded half away from zero.
    if x <= c - 0.5 - (w - 1) / 2:
        return 0
    if x > c - 0.5 + (w - 1) / 2:
        return 255
    y = ((x - (c - 0.5)) / (w - 1) + 0.5) * 255
    return int(math.floor(y + 0.5))


def window(path, frame, w, c):
    p = pixels(path, frame)
    return {"rows": p["rows"], "columns": p["columns"], "values": [linear_window(x, w, c) for x in p["values"]]}


def png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height = 8, b"", None, None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        ctype = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(ctype + body) & 0xFFFFFFFF == crc, f"bad CRC in {ctype}"
        if ctype == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour == 0, "expected 8-bit greyscale"
        elif ctype == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    pixels_out = []
    stride = width + 1
    for r in range(height):
        line = raw[r * stride:(r + 1) * stride]
        assert line[0] == 0, "only filter type 0 is expected"
        pixels_out.extend(line[1:])
    return {"width": width, "height": height, "values": pixels_out}


def main():
    mode = sys.argv[1]
    if mode == "testdata-dir":
        from pydicom.data import get_testdata_file

        result = os.path.dirname(get_testdata_file("CT_small.dcm"))
    elif mode == "headers":
        result = headers(sys.argv[2:])
    elif mode == "pixels":
        result = pixels(sys.argv[2], int(sys.argv[3]))
    elif mode == "window":
        result = window(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]))
    elif mode == "png":
        result = png(sys.argv[2])
    else:
        raise SystemExit(f"unknown mode {mode}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
