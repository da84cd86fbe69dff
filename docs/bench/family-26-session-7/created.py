import subprocess,sys,time,statistics,os,resource,tempfile
# usage: created.py N label=COMMAND ...   (COMMAND: how to start vidfleet, e.g. "java ... -jar vidfleet.jar")
# Runs `COMMAND local $SAMPLE` against the Redis at $REDIS_URL (default: this machine's 127.0.0.1:6379, under a
# key prefix of its own that it deletes after each run), the variants in turn, N times; prints the medians of when
# the job was created (its log stream's job-created entry, from the command's start), of the exit and of the CPU
# of the command and all it started, and the medians of each variant's differences from the first.
sample=os.environ.get('SAMPLE','s12.mp4'); redis=os.environ.get('REDIS_URL','redis://127.0.0.1:6379')
out=os.path.join(tempfile.mkdtemp(),'out.mp4')
n=int(sys.argv[1]); variants=[a.split('=',1) for a in sys.argv[2:]]
res={l:[] for l,_ in variants}
for i in range(n):
    for l,opts in (variants if i%2==0 else variants[::-1]):
        prefix=f"vfx{i}{l}"
        env=os.environ
        r0=resource.getrusage(resource.RUSAGE_CHILDREN); t0=time.time()*1000
        subprocess.run(opts.split()+['local',sample,'--overwrite','--output',out,'--redis',redis,'--key-prefix',prefix],env=env,capture_output=True)
        t1=time.time()*1000; r1=resource.getrusage(resource.RUSAGE_CHILDREN); cpu=(r1.ru_utime+r1.ru_stime-r0.ru_utime-r0.ru_stime)*1000
        keys=subprocess.run(['redis-cli','-u',redis,'--scan','--pattern',prefix+':job:*:log'],capture_output=True,text=True).stdout.split()
        log=subprocess.run(['redis-cli','-u',redis,'--raw','XRANGE',keys[0],'-','+'],capture_output=True,text=True).stdout.split('\n')
        created=None
        for j,x in enumerate(log):
            if x=='job-created': created=float(log[j-2]); break
        res[l].append((created-t0, t1-t0, cpu))
        ks=subprocess.run(['redis-cli','-u',redis,'--scan','--pattern',prefix+':*'],capture_output=True,text=True).stdout.split()
        if ks: subprocess.run(['redis-cli','-u',redis,'DEL']+ks,capture_output=True)
for l,_ in variants:
    c=[x[0] for x in res[l]]; w=[x[1] for x in res[l]]
    u=[x[2] for x in res[l]]
    print(f"{l:5s} job created at {statistics.median(c):.0f} ms, exit at {statistics.median(w):.0f} ms, CPU {statistics.median(u):.0f} ms (medians of {len(c)})")
b=variants[0][0]
for l,_ in variants[1:]:
    dc=[x[0]-y[0] for x,y in zip(res[l],res[b])]; dw=[x[1]-y[1] for x,y in zip(res[l],res[b])]
    du=[x[2]-y[2] for x,y in zip(res[l],res[b])]
    print(f"{l} - {b}: created {statistics.median(dc):+.0f} ms, exit {statistics.median(dw):+.0f} ms, CPU {statistics.median(du):+.0f} ms")
