# usage: ends.py N label=COMMAND ...  (COMMAND: how to start vidfleet). Runs `COMMAND local s60.mp4` against the Redis at
# 127.0.0.1:6379 under a key prefix of its own (deleted after each run), the variants alternating, N times; prints
# for each variant when the second chunk ended after the first (ms, from the job's log stream) and the median wall time.
import subprocess,sys,time,statistics,os
n=int(sys.argv[1]); variants=[a.split('=',1) for a in sys.argv[2:]]
res={l:[] for l,_ in variants}
for i in range(n):
    for l,opts in (variants if i%2==0 else variants[::-1]):
        prefix=f"vfe{i}{l}"
        t0=time.time()
        subprocess.run(opts.split()+['local','s60.mp4','--overwrite','--output','/tmp/w/oe.mp4','--redis','redis://127.0.0.1:6379','--key-prefix',prefix],capture_output=True)
        wall=time.time()-t0
        key=subprocess.run(['redis-cli','--scan','--pattern',prefix+':job:*:log'],capture_output=True,text=True).stdout.split()[0]
        out=subprocess.run(['redis-cli','--raw','XRANGE',key,'-','+'],capture_output=True,text=True).stdout.split('\n')
        done={}; claimed={}
        for j,x in enumerate(out):
            if x=='event' and out[j+1]=='done' and out[j+2]=='task': done[out[j+3]]=int(out[j-1])
        res[l].append((done['v00001']-done['v00000'], wall))
        ks=subprocess.run(['redis-cli','--scan','--pattern',prefix+':*'],capture_output=True,text=True).stdout.split()
        if ks: subprocess.run(['redis-cli','DEL']+ks,capture_output=True)
for l,_ in variants:
    g=[x[0] for x in res[l]]; w=[x[1] for x in res[l]]
    print(l, 'v1-v0 ends:', g, 'mean', round(statistics.mean(g)), 'mean |gap|', round(statistics.mean(abs(x) for x in g)), 'wall median', round(statistics.median(w),2))
