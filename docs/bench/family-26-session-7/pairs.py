import subprocess,sys,statistics,time
# usage: pairs.py N label=cmd label=cmd ...
n=int(sys.argv[1]); variants=[a.split('=',1) for a in sys.argv[2:]]
res={l:[] for l,_ in variants}
for i in range(n):
    for l,cmd in (variants if i%2==0 else variants[::-1]):
        out=subprocess.run(['/usr/bin/time','-f','%e %U %S','bash','-c',cmd+' >/dev/null 2>/dev/null'],capture_output=True,text=True)
        e,u,s=map(float,out.stderr.strip().splitlines()[-1].split())
        res[l].append((e,u+s))
for l,_ in variants:
    w=[x[0] for x in res[l]]; c=[x[1] for x in res[l]]
    print(f"{l:10s} wall median {statistics.median(w):.3f}  cpu median {statistics.median(c):.3f}  (n={len(w)})")
b=variants[0][0]
for l,_ in variants[1:]:
    dw=[x[0]-y[0] for x,y in zip(res[l],res[b])]; dc=[x[1]-y[1] for x,y in zip(res[l],res[b])]
    print(f"{l} - {b}: wall {statistics.median(dw):+.3f} cpu {statistics.median(dc):+.3f} (median of pair differences)")
